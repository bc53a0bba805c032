/** Pure integer arithmetic for quotes: amounts are bigint base units, never floats. */

export const BPS = 10_000n;

export const ceilDiv = (numerator: bigint, denominator: bigint): bigint =>
  (numerator + denominator - 1n) / denominator;

/** A venue's fee on an input amount, rounded up in the venue's favour. */
export const feeOn = (amountIn: bigint, feeBps: number): bigint => ceilDiv(amountIn * BigInt(feeBps), BPS);

interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** A positive display price as an exact fraction with 15 significant digits. */
export function priceToRational(price: number): Rational {
  if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`price must be positive, got ${price}`);
  const exponent = Math.floor(Math.log10(price)) - 14;
  const mantissa = BigInt(Math.round(price / 10 ** exponent));
  return exponent >= 0
    ? { numerator: mantissa * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: mantissa, denominator: 10n ** BigInt(-exponent) };
}

/**
 * Output base units for `amountIn` base units at `price` (output per input,
 * UI units), after a fee of `feeBps` taken from the input. Rounds down.
 */
export function amountOutAtPrice(
  amountIn: bigint,
  price: number,
  decimalsIn: number,
  decimalsOut: number,
  feeBps: number,
): { amountOut: bigint; feeAmount: bigint } {
  const feeAmount = feeOn(amountIn, feeBps);
  const { numerator, denominator } = priceToRational(price);
  const amountOut =
    ((amountIn - feeAmount) * numerator * 10n ** BigInt(decimalsOut)) / (denominator * 10n ** BigInt(decimalsIn));
  return { amountOut, feeAmount };
}

/** Display price (output per input, UI units) of an executed or quoted swap. */
export function displayPrice(amountIn: bigint, amountOut: bigint, decimalsIn: number, decimalsOut: number): number {
  if (amountIn === 0n) return 0;
  return (Number(amountOut) / Number(amountIn)) * 10 ** (decimalsIn - decimalsOut);
}

/** How much better `a` is than `b`, in bps of `b` (rounded down). */
export const advantageBps = (a: bigint, b: bigint): number => (b === 0n ? 0 : Number(((a - b) * BPS) / b));

/** The least output accepted for `expected` with `slippageBps` tolerance. */
export const minAmountOut = (expected: bigint, slippageBps: number): bigint =>
  (expected * (BPS - BigInt(slippageBps))) / BPS;
