import type { VenueId } from '../contracts/order-lifecycle.js';

export interface LedgerFill {
  readonly venue: VenueId;
  /** The pool, and the tokens it swapped (mints); absent from entries written before pools were named. */
  readonly pool?: string;
  readonly inputMint?: string;
  readonly outputMint?: string;
  readonly amountIn: string;
  readonly amountOut: string;
  readonly feeAmount: string;
}

/** What the simulated chain knows of a signature. */
export type LedgerEntry =
  | {
      readonly status: 'landed';
      readonly legs: readonly LedgerFill[];
      readonly amountIn: string;
      readonly amountOut: string;
      readonly executedPrice: number;
      readonly landedAt: string;
    }
  /** Landed but the swap program rejected it: the output was below `minAmountOut`. */
  | { readonly status: 'slippage'; readonly amountOut: string; readonly minAmountOut: string }
  /** Never landed and never can: its blockhash expired (or it was dropped). */
  | { readonly status: 'expired' };
