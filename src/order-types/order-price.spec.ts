import fc from 'fast-check';
import { formatPrice, implausiblePrice, outputAtMaxCost, outputAtPrice, parsePrice, PriceError, shortfallBps } from './order-price.js';

describe('order prices', () => {
  it('parses decimal strings and numbers exactly, and formats them canonically', () => {
    expect(formatPrice(parsePrice('p', '160.50'))).toBe('160.5');
    expect(formatPrice(parsePrice('p', 160.5))).toBe('160.5');
    expect(formatPrice(parsePrice('p', 1e-7))).toBe('0.0000001');
    expect(formatPrice(parsePrice('p', '0.000000000000000001'))).toBe('0.000000000000000001');
    expect(() => parsePrice('p', '0.0000000000000000001')).toThrow(expect.objectContaining({ rule: 'maxDecimals' }));
    for (const bad of ['', '1e5', '-1', '1.', 'abc', NaN]) expect(() => parsePrice('p', bad)).toThrow(PriceError);
  });

  it('names the field and the rule in each refusal', () => {
    const refusal = (value: string | number) => {
      try {
        parsePrice('limitPrice', value);
      } catch (error) {
        return { rule: (error as PriceError).rule, message: (error as PriceError).message };
      }
      throw new Error(`accepted ${value}`);
    };
    expect(refusal('abc')).toEqual({ rule: 'isDecimalPrice', message: 'limitPrice must be a positive decimal number, e.g. "160.5"' });
    expect(refusal('1.0000000000000000001')).toEqual({ rule: 'maxDecimals', message: 'limitPrice must have at most 18 decimal places' });
    expect(refusal('1'.repeat(21))).toEqual({ rule: 'isDecimalPrice', message: 'limitPrice must be below 10^20' });
    expect(refusal('0.000')).toEqual({ rule: 'isPositive', message: 'limitPrice must be greater than 0' });
    expect(refusal(0)).toEqual({ rule: 'isPositive', message: 'limitPrice must be greater than 0' });
    expect(refusal(Infinity).rule).toBe('isDecimalPrice');
    // A JSON number past 10^21 arrives in exponent notation: moved back to digits, then refused by size.
    expect(refusal(1.5e21)).toEqual({ rule: 'isDecimalPrice', message: 'limitPrice must be below 10^20' });
  });

  it('reads around the edges: surrounding spaces, zeros that say nothing, the largest whole part', () => {
    expect(formatPrice(parsePrice('p', '  160.5  '))).toBe('160.5');
    // Trailing zeros past 18 decimals are not precision.
    expect(formatPrice(parsePrice('p', '1.5000000000000000000000'))).toBe('1.5');
    // Leading zeros do not count towards the 20 digits of the whole part; 20 digits do not exceed it.
    expect(formatPrice(parsePrice('p', `0000${'9'.repeat(20)}`))).toBe('9'.repeat(20));
    expect(formatPrice(parsePrice('p', `1${'0'.repeat(19)}`))).toBe(`1${'0'.repeat(19)}`);
    expect(() => parsePrice('p', 1e20)).toThrow('p must be below 10^20');
  });

  it('the output at a price is amount × price across decimals, rounded up', () => {
    // 2 SOL (9 decimals) at 160.5 USDC (6 decimals) per SOL = 321 USDC.
    expect(outputAtPrice(2_000_000_000n, parsePrice('p', '160.5'), 9, 6)).toBe(321_000_000n);
    // 1 base unit of SOL at 160.5 USDC: 0.0000001605 USDC, rounded up to 1 base unit.
    expect(outputAtPrice(1n, parsePrice('p', '160.5'), 9, 6)).toBe(1n);
    // Paying at most 0.002 SOL per token (6 decimals) with 5 SOL: at least 2,500 tokens.
    expect(outputAtMaxCost(5_000_000_000n, parsePrice('p', '0.002'), 9, 6)).toBe(2_500_000_000n);
  });

  it('a fill of the required output is never below the price (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        (amountIn, price, inDec, outDec) => {
          const out = outputAtPrice(amountIn, price, inDec, outDec);
          // out / 10^outDec >= amountIn / 10^inDec × price / 10^18, and one unit less is below it.
          const lhs = out * 10n ** BigInt(inDec) * 10n ** 18n;
          const rhs = amountIn * price * 10n ** BigInt(outDec);
          expect(lhs >= rhs).toBe(true);
          expect((out - 1n) * 10n ** BigInt(inDec) * 10n ** 18n < rhs).toBe(true);
        },
      ),
    );
  });

  it('the shortfall is in bps of the requirement: positive short of it, negative beyond', () => {
    expect(shortfallBps(99n, 100n)).toBe(100);
    expect(shortfallBps(101n, 100n)).toBe(-100);
    expect(shortfallBps(100n, 100n)).toBe(0);
    // Nothing required: nothing short (not a division by zero).
    expect(shortfallBps(5n, 0n)).toBe(0);
  });
});

describe('implausiblePrice', () => {
  it('passes prices within three orders of magnitude of the market, either way', () => {
    for (const price of [150, 1, 149_999, 0.151]) expect(implausiblePrice(price, 150, 'SOL', 'USDC')).toBeUndefined();
  });

  it('names an inverted price, how prices are read, and the price meant', () => {
    expect(implausiblePrice(1 / 150, 150, 'SOL', 'USDC')).toBe(
      'limitPrice is read as USDC per SOL (output per input); the market is about 150 USDC per SOL, and 0.00666667 is less than 1/1,000 of it: was it SOL per USDC? That price would be limitPrice "150"',
    );
    expect(implausiblePrice(200_000, 150, 'SOL', 'USDC')).toContain('more than 1,000 times above');
    // A token worth little: the price meant is written out in full, as a price may be sent (no exponent).
    expect(implausiblePrice(50_000_000, 5_000, 'USDC', 'BONK')).toContain('limitPrice "0.00000002"');
  });

  it('has nothing to say without a market', () => {
    expect(implausiblePrice(5, 0, 'SOL', 'NEW')).toBeUndefined();
  });
});
