/**
 * The decisions that land a transaction the way production engines do, as pure functions of what the network
 * said: the compute-unit limit from a simulation, the priority fee from recent fees, and what an attempt that
 * was sent has come to (the table crash recovery reads too). Amounts are integers: lamports and micro-lamports.
 */

/** The most compute units a transaction may ask for. */
export const MAX_COMPUTE_UNITS = 1_400_000;

/** The limit to ask for: what the simulation consumed, times a margin (state may change before it lands), within bounds. */
export function computeUnitLimit(simulatedUnits: number, margin: number, floor = 1_000): number {
  return Math.min(MAX_COMPUTE_UNITS, Math.max(floor, Math.ceil(simulatedUnits * margin)));
}

export interface PriorityFeePolicy {
  /** Which percentile of the recent fees paid on the accounts the transaction writes (0–100). */
  readonly percentile: number;
  /** Micro-lamports per compute unit, at least and at most. */
  readonly floor: bigint;
  readonly cap: bigint;
}

/**
 * The compute-unit price to bid, in micro-lamports: the policy's percentile of the fees recently paid to write
 * the same accounts (`getRecentPrioritizationFees`), never under the floor (a quiet market, a fresh network) nor
 * over the cap (a fee spike must not drain the wallet).
 */
export function priorityFee(recentFees: readonly bigint[], policy: PriorityFeePolicy): bigint {
  if (recentFees.length === 0) return policy.floor;
  const sorted = [...recentFees].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((policy.percentile / 100) * sorted.length) - 1));
  const fee = sorted[index];
  return fee < policy.floor ? policy.floor : fee > policy.cap ? policy.cap : fee;
}

/** The fee a transaction pays at most: 5,000 lamports a signature plus its compute-unit limit at its price. */
export const maxFeeLamports = (signatures: number, unitLimit: number, microLamportsPerUnit: bigint): bigint =>
  BigInt(signatures) * 5_000n + (BigInt(unitLimit) * microLamportsPerUnit + 999_999n) / 1_000_000n;

/** What the network says of a signature (`getSignatureStatuses`): null when it does not know it. */
export interface SignatureStatus {
  readonly confirmationStatus: 'processed' | 'confirmed' | 'finalized' | null;
  /** The transaction's error when it landed and failed. */
  readonly err: unknown;
}

/** A sent attempt as it was recorded before it was sent. */
export interface SentAttempt {
  readonly lastValidBlockHeight: bigint;
  /** The network it was sent to: a network restarted since (a new genesis) never saw it. */
  readonly genesisHash: string;
}

/** Where the network is now. */
export interface NetworkNow {
  readonly blockHeight: bigint;
  readonly genesisHash: string;
}

export type AttemptFate =
  /** Landed and succeeded at the commitment that counts. */
  | { readonly kind: 'landed' }
  /** Landed and failed (e.g. the floor was not met): the attempt is over; the network's error says why. */
  | { readonly kind: 'failed'; readonly err: unknown }
  /** Not landed yet and still able to: keep waiting (and rebroadcasting). */
  | { readonly kind: 'live' }
  /** Its blockhash expired without it landing: it never can; the next attempt may be built. */
  | { readonly kind: 'expired' }
  /** The network it was sent to is gone (restarted, a new genesis): it never landed on this one. */
  | { readonly kind: 'network-reset' };

const RANK = { processed: 0, confirmed: 1, finalized: 2 } as const;

/**
 * What a sent attempt has come to — the one table the landing loop and crash recovery both read. A signature
 * is only ever given up for one its network can no longer land: its blockhash expired (the block height passed
 * its last valid one) and the network still does not know it, or the network it went to is not this one.
 * Never two live signatures for one order: a new attempt is built only after this says `expired` or
 * `network-reset` (or `failed`).
 */
export function attemptFate(status: SignatureStatus | null, attempt: SentAttempt, now: NetworkNow, commitment: 'confirmed' | 'finalized'): AttemptFate {
  // What the network holds is the truth, whichever network it is (a local network's blockhashes repeat after
  // a restart, so a transaction sent again could land on the new one).
  if (status?.confirmationStatus && RANK[status.confirmationStatus] >= RANK[commitment]) {
    return status.err ? { kind: 'failed', err: status.err } : { kind: 'landed' };
  }
  // Processed, or a failure not yet at the commitment that counts: it may still change; wait for it.
  if (status) return { kind: 'live' };
  // Heights of another network say nothing of this attempt: it was never seen here, and is never sent again.
  if (attempt.genesisHash !== now.genesisHash) return { kind: 'network-reset' };
  return now.blockHeight > attempt.lastValidBlockHeight ? { kind: 'expired' } : { kind: 'live' };
}
