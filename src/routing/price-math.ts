/** Pure integer arithmetic on amounts: bigint base units, never floats. */

export const BPS = 10_000n;

/** How much better `a` is than `b`, in bps of `b` (two decimals). */
export const advantageBps = (a: bigint, b: bigint): number => (b === 0n ? 0 : Number(((a - b) * BPS * 100n) / b) / 100);

/** The least output accepted for `expected` with `slippageBps` tolerance (rounded down). */
export const minAmountOut = (expected: bigint, slippageBps: number): bigint => (expected * (BPS - BigInt(slippageBps))) / BPS;

/** The tolerance, in bps of `expected` (rounded down), that a floor of `least` leaves. */
export const toleranceBps = (expected: bigint, least: bigint): number => (expected <= least ? 0 : Number(((expected - least) * BPS) / expected));

/** `amount` × `shareBps` / 10,000, rounded down. */
export const shareOf = (amount: bigint, shareBps: number): bigint => (amount * BigInt(shareBps)) / BPS;
