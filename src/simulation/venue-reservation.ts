import type { LedgerFill } from './ledger-entry.js';
import { decodeDelta, encodeDelta, type EncodedDelta, type PoolDelta } from './pool-delta.js';

/** How long the transaction a reservation is for can land: past its blockhash's last valid block height, on that network, never. */
export interface ReservationExpiry {
  readonly lastValidBlockHeight: bigint;
  readonly genesisHash: string;
}

/**
 * The venues' side of a swap on a network, taken before the transaction is signed: the pools already changed by
 * it (so no other order is priced on the same reserves), the exact amounts the transaction moves, and what to
 * take back if it never lands. `pending` until it lands (kept) or cannot any more (released).
 */
export interface VenueReservation {
  readonly id: string;
  readonly status: 'pending' | 'landed' | 'released';
  /** The transaction signed for it; null until signed. */
  readonly signature: string | null;
  readonly expiry: ReservationExpiry;
  readonly fills: readonly LedgerFill[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly executedPrice: number;
  /** By pool id. */
  readonly deltas: ReadonlyMap<string, PoolDelta>;
  readonly createdAt: number;
}

interface EncodedReservation {
  readonly id: string;
  readonly status: VenueReservation['status'];
  readonly signature: string | null;
  readonly expiry: { readonly lastValidBlockHeight: string; readonly genesisHash: string };
  readonly fills: readonly LedgerFill[];
  readonly amountIn: string;
  readonly amountOut: string;
  readonly executedPrice: number;
  readonly deltas: Record<string, EncodedDelta>;
  readonly createdAt: number;
}

export const encodeReservation = (r: VenueReservation): string =>
  JSON.stringify({
    ...r,
    expiry: { lastValidBlockHeight: `${r.expiry.lastValidBlockHeight}`, genesisHash: r.expiry.genesisHash },
    amountIn: `${r.amountIn}`,
    amountOut: `${r.amountOut}`,
    deltas: Object.fromEntries([...r.deltas].map(([id, delta]) => [id, encodeDelta(delta)])),
  } satisfies EncodedReservation);

export function decodeReservation(json: string): VenueReservation {
  const raw = JSON.parse(json) as EncodedReservation;
  return {
    ...raw,
    expiry: { lastValidBlockHeight: BigInt(raw.expiry.lastValidBlockHeight), genesisHash: raw.expiry.genesisHash },
    amountIn: BigInt(raw.amountIn),
    amountOut: BigInt(raw.amountOut),
    deltas: new Map(Object.entries(raw.deltas).map(([id, delta]) => [id, decodeDelta(delta)])),
  };
}
