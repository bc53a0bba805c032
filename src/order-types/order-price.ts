import { toUiAmount } from '../tokens/token-amount.js';

/** Prices are kept exactly, as integers scaled by 10^18 (every SPL token has at most 18 decimals). */
export const PRICE_SCALE = 18;
const ONE = 10n ** BigInt(PRICE_SCALE);
const PRICE_PATTERN = /^(\d+)(?:\.(\d+))?$/;

type PriceRule = 'isDecimalPrice' | 'isPositive' | 'maxDecimals';

export class PriceError extends Error {
  constructor(
    readonly rule: PriceRule,
    message: string,
  ) {
    super(message);
  }
}

/** A price from a request ("160.5" or 160.5), as an exact scaled integer; never through float arithmetic beyond JSON's own number. */
export function parsePrice(field: string, value: string | number): bigint {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? plainNumber(value) : '') : value.trim();
  const match = PRICE_PATTERN.exec(text);
  if (!match) throw new PriceError('isDecimalPrice', `${field} must be a positive decimal number, e.g. "160.5"`);
  const [, whole, fraction = ''] = match;
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > PRICE_SCALE) throw new PriceError('maxDecimals', `${field} must have at most ${PRICE_SCALE} decimal places`);
  if (whole.replace(/^0+/, '').length > 20) throw new PriceError('isDecimalPrice', `${field} must be below 10^20`);
  const scaled = BigInt(whole + significantFraction.padEnd(PRICE_SCALE, '0'));
  if (scaled === 0n) throw new PriceError('isPositive', `${field} must be greater than 0`);
  return scaled;
}

/** The canonical text of a scaled price ("160.5"): what is stored and shown. */
export const formatPrice = (scaled: bigint): string => toUiAmount(scaled, PRICE_SCALE);

/**
 * The least output (base units) that sells `amountIn` at `price` output per input (UI units) or better:
 * amountIn × price, converted between the tokens' decimals and rounded up, so a fill of exactly this is never below the price.
 */
export function outputAtPrice(amountIn: bigint, price: bigint, inputDecimals: number, outputDecimals: number): bigint {
  return ceilDiv(amountIn * price * 10n ** BigInt(outputDecimals), ONE * 10n ** BigInt(inputDecimals));
}

/** The least output (base units) for which paying `amountIn` costs at most `maxPrice` input per output (UI units). */
export function outputAtMaxCost(amountIn: bigint, maxPrice: bigint, inputDecimals: number, outputDecimals: number): bigint {
  return ceilDiv(amountIn * ONE * 10n ** BigInt(outputDecimals), maxPrice * 10n ** BigInt(inputDecimals));
}

/** How far `actual` falls short of `required`, in bps of `required` (two decimals; negative: beyond it). */
export const shortfallBps = (actual: bigint, required: bigint): number => (required === 0n ? 0 : Number(((required - actual) * 1_000_000n) / required) / 100);

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** A JSON number as plain decimal text (1e-7 → "0.0000001"): its shortest round-trip digits, the point moved by hand. */
function plainNumber(value: number): string {
  const [mantissa, exponentText = '0'] = String(value).split('e');
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: the general path below gives the same text for a number without an exponent (and a negative one is refused either way); this only skips the work
  if (value <= 0 || exponentText === '0') return mantissa;
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: JavaScript writes an exponent only from 10^21 up, where the point is always past the digits
  return point >= digits.length ? digits.padEnd(point, '0') : `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A number as a plain decimal of 6 significant digits, never in exponent notation (which prices do not accept). */
const plain = (value: number): string => value.toLocaleString('en-US', { maximumSignificantDigits: 6, useGrouping: false });

/** How far from the market a price may be before it is taken for an inverted one: three orders of magnitude. */
const IMPLAUSIBLE_FACTOR = 1_000;

/**
 * Why `price` (output per input) cannot be meant for a market at `spot` (output per input), or undefined when
 * it can: beyond three orders of magnitude either way it is almost surely the inverse (input per output).
 */
export function implausiblePrice(price: number, spot: number, input: string, output: string): string | undefined {
  if (!(spot > 0) || !(price > 0)) return undefined;
  const ratio = price / spot;
  if (ratio <= IMPLAUSIBLE_FACTOR && ratio >= 1 / IMPLAUSIBLE_FACTOR) return undefined;
  const side = ratio > 1 ? 'more than 1,000 times above' : 'less than 1/1,000 of';
  return (
    `limitPrice is read as ${output} per ${input} (output per input); the market is about ${plain(spot)} ${output} per ${input}, ` +
    `and ${plain(price)} is ${side} it: was it ${input} per ${output}? That price would be limitPrice "${plain(1 / price)}"`
  );
}
