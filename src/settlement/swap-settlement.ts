import type { RoutingDecision } from '../routing/routing-decision.js';
import type { SettledSwap, SwapTransaction } from './swap-transaction.js';

/** The order a swap is for: its id (the memo that finds its transactions) and its owner (whose wallet pays). */
export interface SwapOrder {
  readonly orderId: string;
  /** An API key's name; null when the engine runs open. */
  readonly owner: string | null;
}

/** The least the swap must give (the order type's floor) and the tolerance it shows. */
export interface SwapFloor {
  readonly minAmountOut: bigint;
  readonly slippageBps: number;
}

/**
 * Where swaps settle: on a Solana network as signed transactions (`ChainSettlement`, CHAIN=solana) or on the
 * simulated chain in Redis (`PaperSettlement`, CHAIN=paper). A swap is built (signed, its signature known) and
 * recorded before it is submitted; a swap an earlier run submitted is reconciled before any new one is built.
 */
export abstract class SwapSettlement {
  /** Signs the route's swap; it must give at least the floor. Throws when it cannot be sent (slippage, funds). */
  abstract build(decision: RoutingDecision, floor: SwapFloor, order: SwapOrder): Promise<SwapTransaction>;

  /** Sends the swap and waits for it to land; throws when it fails or cannot land any more. */
  abstract submit(tx: SwapTransaction): Promise<SettledSwap>;

  /** A swap sent by an earlier run: what it landed as, or undefined once it is sure never to land. */
  abstract reconcile(signature: string): Promise<SettledSwap | undefined>;

  /** A built swap that will not be sent (its order was not claimed): whatever it holds is let go. */
  abstract abandon(tx: SwapTransaction): Promise<void>;
}
