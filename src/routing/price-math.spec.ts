import { displayPrice, significant } from '../tokens/display-price.js';
import { advantageBps, minAmountOut, shareOf } from './price-math.js';

describe('price math', () => {
  it('derives display prices across decimals', () => {
    expect(displayPrice(1_000_000_000n, 150_000_000n, 9, 6)).toBeCloseTo(150, 10);
    expect(displayPrice(0n, 1n, 9, 6)).toBe(0);
    // No float noise on the wire: 10 significant digits.
    expect(displayPrice(1_000_000_000n, 146_459_242_500n, 9, 9)).toBe(146.4592425);
    expect(significant(146.45924250000002)).toBe(146.4592425);
    expect(significant(1.2999999999999997e-7)).toBe(1.3e-7);
  });

  it('measures advantages in bps with two decimals', () => {
    expect(advantageBps(10_300n, 10_000n)).toBe(300);
    expect(advantageBps(1_000_123n, 1_000_000n)).toBe(1.23);
    expect(advantageBps(9_900n, 10_000n)).toBe(-100);
  });

  it('rounds the slippage floor and shares down, in integers', () => {
    expect(minAmountOut(1_000_000n, 50)).toBe(995_000n);
    expect(minAmountOut(1_000_001n, 50)).toBe(995_000n);
    expect(minAmountOut(1_000_000n, 0)).toBe(1_000_000n);
    expect(shareOf(1_000_001n, 3_333)).toBe(333_300n);
  });
});
