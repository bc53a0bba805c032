import type { TxStep, VenueId } from '../contracts/order-lifecycle.js';
import type { Token } from '../tokens/token.js';

/** A signed swap, ready to send. Its signature is known before it is sent. */
export interface SwapTransaction {
  readonly signature: string;
  readonly venue: VenueId;
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
  readonly expectedAmountOut: bigint;
  readonly minAmountOut: bigint;
  readonly slippageBps: number;
  readonly steps: readonly TxStep[];
}

/** A swap that landed and succeeded on chain. */
export interface SettledSwap {
  readonly signature: string;
  readonly venue: VenueId;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly executedPrice: number;
  readonly landedAt: string;
}

/** What the (simulated) chain knows of a signature. */
export type LedgerEntry =
  | {
      readonly status: 'landed';
      readonly venue: VenueId;
      readonly amountIn: string;
      readonly amountOut: string;
      readonly executedPrice: number;
      readonly landedAt: string;
    }
  /** Landed but the program rejected it: the output was below `minAmountOut`. */
  | { readonly status: 'slippage'; readonly amountOut: string; readonly minAmountOut: string }
  /** Never landed and never can: its blockhash expired (or it was dropped). */
  | { readonly status: 'expired' };
