import { DomainError } from '../common/errors/domain.error.js';

/** The price moved past the order's tolerance before the swap landed; a re-quote may succeed. */
export class SlippageExceededError extends DomainError {
  readonly code = 'SLIPPAGE_EXCEEDED';
  override readonly retryable = true;

  constructor(
    readonly minAmountOut: bigint,
    readonly amountOut: bigint,
  ) {
    super(`would receive ${amountOut} base units, below the minimum of ${minAmountOut}`);
  }
}

/** The network dropped the transaction before it landed; sending a new one may succeed. */
export class TransactionDroppedError extends DomainError {
  readonly code = 'TX_DROPPED';
  override readonly retryable = true;

  constructor(signature: string) {
    super(`transaction ${signature.slice(0, 12)}… was dropped before landing (blockhash expired)`);
  }
}
