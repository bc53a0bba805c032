import { feeAt, priceImpactBps } from './swap-direction.js';

describe('swap arithmetic shared by the pools', () => {
  it('rounds a fee up, in the pool’s favour, and charges nothing at a zero rate', () => {
    expect(feeAt(1_000_000_000n, 2_500_000n)).toBe(2_500_000n); // 0.25% of 1e9, exact
    expect(feeAt(1n, 2_500_000n)).toBe(1n); // 0.0025 rounds up to 1
    expect(feeAt(999n, 1_000_000n)).toBe(1n);
    expect(feeAt(1_000n, 1_000_000n)).toBe(1n);
    expect(feeAt(1_001n, 1_000_000n)).toBe(2n);
    expect(feeAt(123_456n, 0n)).toBe(0n);
  });

  it('measures price impact in bps of the spot output, two decimals, never negative', () => {
    expect(priceImpactBps(9_900n, 10_000n)).toBe(100);
    expect(priceImpactBps(9_999n, 10_000n)).toBe(1);
    expect(priceImpactBps(999_999n, 1_000_000n)).toBe(0.01);
    expect(priceImpactBps(10_000n, 10_000n)).toBe(0);
    expect(priceImpactBps(10_001n, 10_000n)).toBe(0);
    expect(priceImpactBps(5n, 0n)).toBe(0);
    expect(priceImpactBps(0n, 10_000n)).toBe(10_000);
  });
});
