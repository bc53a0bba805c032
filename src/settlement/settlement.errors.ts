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

/** The wallet cannot pay for the order: nothing was sent, and another attempt would not help. */
export class InsufficientFundsError extends DomainError {
  readonly code = 'INSUFFICIENT_FUNDS';

  constructor(symbol: string, needed: bigint, available: bigint) {
    super(`the wallet holds ${available} base units of ${symbol}, the order needs ${needed}`);
  }
}

/** The transaction's blockhash expired before it landed: it never can now; the next attempt is built afresh. */
export class BlockhashExpiredError extends DomainError {
  readonly code = 'BLOCKHASH_EXPIRED';
  override readonly retryable = true;

  constructor(signature: string, sends: number) {
    super(`transaction ${signature.slice(0, 12)}… did not land before its blockhash expired (sent ${sends} times)`);
  }
}

/** The network the transaction was sent to was restarted empty: it never landed there. */
export class NetworkResetError extends DomainError {
  readonly code = 'NETWORK_RESET';
  override readonly retryable = true;

  constructor(signature: string) {
    super(`the network was restarted before transaction ${signature.slice(0, 12)}… landed`);
  }
}

/** The transaction landed and failed, or its simulation said it would: the network's error and logs. */
export class TransactionFailedError extends DomainError {
  override readonly retryable = true;

  constructor(
    readonly code: 'TX_FAILED' | 'TX_SIMULATION_FAILED',
    description: string,
    readonly logs: readonly string[],
  ) {
    super(`${code === 'TX_FAILED' ? 'the transaction landed and failed' : 'the transaction would fail'}: ${description}${lastLog(logs)}`);
  }
}

/** The Solana RPC endpoint did not answer: the order waits and tries again. */
export class RpcUnavailableError extends DomainError {
  readonly code = 'RPC_UNAVAILABLE';
  override readonly retryable = true;
  override readonly dependencyDown = true;

  constructor(cause: string) {
    super(`the Solana RPC endpoint did not answer: ${cause}`);
  }
}

const lastLog = (logs: readonly string[]): string => (logs.length > 0 ? ` (${logs[logs.length - 1]})` : '');
