/** SPL token amounts are u64 on chain: nothing larger can ever settle. */
export const MAX_BASE_UNITS = 2n ** 64n - 1n;

type AmountRule = 'isNumeric' | 'isPositive' | 'maxDecimals' | 'max';

export class AmountError extends Error {
  constructor(
    readonly rule: AmountRule,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Converts a UI amount (a JSON number or a decimal string) to integer base
 * units without ever going through floating point arithmetic.
 */
export function toBaseUnits(amount: string | number, decimals: number): bigint {
  const text = typeof amount === 'number' ? numberToText(amount) : amount.trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new AmountError('isNumeric', 'amount must be a decimal number, e.g. 1.5 or "1.5"');
  }
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const { integerDigits, fractionDigits } = shiftDecimalPoint(whole, fraction, Number(exponentText));
  if (sign === '-' || /^0*$/.test(integerDigits + fractionDigits)) {
    throw new AmountError('isPositive', 'amount must be greater than 0');
  }
  const significantFraction = fractionDigits.replace(/0+$/, '');
  if (significantFraction.length > decimals) {
    throw new AmountError('maxDecimals', `amount must have at most ${decimals} decimal places for this token`);
  }
  if (integerDigits.replace(/^0+/, '').length > 30) throw tooLarge(decimals);
  const base = BigInt((integerDigits || '0') + significantFraction.padEnd(decimals, '0'));
  if (base > MAX_BASE_UNITS) throw tooLarge(decimals);
  return base;
}

/** Formats base units as a UI decimal string, e.g. 1500000000n with 9 decimals → "1.5". */
export function toUiAmount(baseUnits: bigint, decimals: number): string {
  const negative = baseUnits < 0n;
  const digits = (negative ? -baseUnits : baseUnits).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new AmountError('isNumeric', 'amount must be a finite number');
  return String(value);
}

function shiftDecimalPoint(whole: string, fraction: string, exponent: number) {
  // Beyond ±60 every verdict (too large, too many decimals, zero) is already decided.
  exponent = Math.max(-60, Math.min(60, exponent));
  const digits = whole + fraction;
  const point = whole.length + exponent;
  if (point <= 0) return { integerDigits: '', fractionDigits: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { integerDigits: digits.padEnd(point, '0'), fractionDigits: '' };
  return { integerDigits: digits.slice(0, point), fractionDigits: digits.slice(point) };
}

function tooLarge(decimals: number): AmountError {
  return new AmountError('max', `amount must be at most ${toUiAmount(MAX_BASE_UNITS, decimals)} (the u64 limit of SPL tokens)`);
}
