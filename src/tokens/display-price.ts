/** Display price (output per input, UI units) of a swap. */
export function displayPrice(amountIn: bigint, amountOut: bigint, decimalsIn: number, decimalsOut: number): number {
  if (amountIn === 0n) return 0;
  return significant((Number(amountOut) / Number(amountIn)) * 10 ** (decimalsIn - decimalsOut));
}

/** Display prices carry 10 significant digits: no float noise (146.45924250000002 → 146.4592425). */
export const significant = (value: number, digits = 10): number => (Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value);
