import { AmountError, MAX_BASE_UNITS, toBaseUnits, toUiAmount } from './token-amount.js';

const rule = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as AmountError).rule;
  }
};

describe('toBaseUnits', () => {
  it.each([
    ['10', 9, 10_000_000_000n],
    [10, 9, 10_000_000_000n],
    ['1.5', 6, 1_500_000n],
    ['0.000000001', 9, 1n],
    [' 42.10 ', 2, 4_210n],
    ['.5', 1, 5n],
    ['7.', 0, 7n],
    [1e-7, 9, 100n],
    ['2.5e3', 6, 2_500_000_000n],
    ['1.000000', 6, 1_000_000n],
    ['123456789012.12345', 5, 12_345_678_901_212_345n],
  ])('converts %p with %i decimals to %p base units, exactly', (amount, decimals, expected) => {
    expect(toBaseUnits(amount, decimals)).toBe(expected);
  });

  it('keeps 9-decimal precision that floating point would lose', () => {
    expect(toBaseUnits('0.1', 9) + toBaseUnits('0.2', 9)).toBe(toBaseUnits('0.3', 9));
    expect(toBaseUnits('9007199.254740993', 9)).toBe(9_007_199_254_740_993n);
  });

  it.each([
    ['0', 'isPositive'],
    ['0.000', 'isPositive'],
    ['-1', 'isPositive'],
    [-0.5, 'isPositive'],
    ['abc', 'isNumeric'],
    ['', 'isNumeric'],
    ['1.2.3', 'isNumeric'],
    ['0x10', 'isNumeric'],
    [Number.NaN, 'isNumeric'],
    [Number.POSITIVE_INFINITY, 'isNumeric'],
    ['1.0000001', 'maxDecimals'],
    ['1e-7', 'maxDecimals'],
    ['1e30', 'max'],
    ['18446744073709.551616', 'max'],
    ['1e999999', 'max'],
  ])('refuses %p (%s)', (amount, expected) => {
    expect(rule(() => toBaseUnits(amount, 6))).toBe(expected);
  });

  it('accepts the largest u64 amount and nothing above it', () => {
    expect(toBaseUnits('18446744073709.551615', 6)).toBe(MAX_BASE_UNITS);
    expect(rule(() => toBaseUnits('18446744073709.551616', 6))).toBe('max');
  });
});

describe('toUiAmount', () => {
  it.each([
    [10_000_000_000n, 9, '10'],
    [1n, 9, '0.000000001'],
    [1_500_000n, 6, '1.5'],
    [0n, 6, '0'],
    [12_345n, 0, '12345'],
  ])('formats %p with %i decimals as %p', (base, decimals, expected) => {
    expect(toUiAmount(base, decimals)).toBe(expected);
  });

  it('round-trips with toBaseUnits', () => {
    for (const text of ['0.000001', '1', '999.999999', '18446744073709.551615']) {
      expect(toUiAmount(toBaseUnits(text, 6), 6)).toBe(text);
    }
  });
});
