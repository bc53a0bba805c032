import { advantageBps, amountOutAtPrice, ceilDiv, displayPrice, feeOn, minAmountOut, priceToRational } from './price-math.js';

describe('price math', () => {
  it('takes the fee from the input, rounded up in the venue favour', () => {
    expect(feeOn(10_000n, 25)).toBe(25n);
    expect(feeOn(10_001n, 25)).toBe(26n);
    expect(feeOn(1n, 25)).toBe(1n);
    expect(ceilDiv(7n, 7n)).toBe(1n);
  });

  it('converts prices to exact fractions with 15 significant digits', () => {
    expect(priceToRational(150)).toEqual({ numerator: 150_000_000_000_000n, denominator: 1_000_000_000_000n });
    const tiny = priceToRational(0.000000133333333333);
    expect(Number(tiny.numerator) / Number(tiny.denominator)).toBeCloseTo(1.33333333333e-7, 18);
    expect(() => priceToRational(0)).toThrow(RangeError);
    expect(() => priceToRational(Number.NaN)).toThrow(RangeError);
  });

  it('computes output base units across different decimals, after the fee', () => {
    // 10 SOL (9 decimals) at 150 USDC/SOL (6 decimals), 0.25% fee: 1500 USDC minus 3.75 USDC.
    expect(amountOutAtPrice(10_000_000_000n, 150, 9, 6, 25)).toEqual({ amountOut: 1_496_250_000n, feeAmount: 25_000_000n });
    // 1,000,000 BONK (5 decimals) at 0.00002 USDC each, no fee: 20 USDC.
    expect(amountOutAtPrice(100_000_000_000n, 0.00002, 5, 6, 0).amountOut).toBe(20_000_000n);
  });

  it('derives display prices, advantages and slippage floors', () => {
    expect(displayPrice(1_000_000_000n, 150_000_000n, 9, 6)).toBeCloseTo(150, 10);
    expect(advantageBps(10_300n, 10_000n)).toBe(300);
    expect(minAmountOut(1_000_000n, 50)).toBe(995_000n);
    expect(minAmountOut(1_000_000n, 0)).toBe(1_000_000n);
  });
});
