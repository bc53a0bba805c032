import type { StatusChange } from '../contracts/order-lifecycle.js';

/** Order columns a status change may set, besides `status`, `attempts` and `updated_at`. */
export type ChangeColumn = 'venue' | 'quotes' | 'route' | 'min_amount_out' | 'amount_out' | 'executed_price' | 'tx_hash' | 'failure';

/** The order columns a status change sets (a column set to null is cleared). */
export function columnsForChange(change: StatusChange): Partial<Record<ChangeColumn, unknown>> {
  switch (change.status) {
    case 'pending':
      return {};
    case 'routing':
      return { venue: change.details.route.venue, quotes: change.details.quotes, route: change.details.route };
    case 'building':
      return { venue: change.details.venue, min_amount_out: change.details.minAmountOut };
    case 'submitted':
      return { tx_hash: change.details.txHash };
    case 'retrying':
      return { failure: change.details.error };
    case 'confirmed':
      return {
        venue: change.details.venue,
        tx_hash: change.details.txHash,
        amount_out: change.details.amountOut,
        executed_price: change.details.executedPrice,
        failure: null,
      };
    case 'failed':
      return { failure: change.details.error };
    case 'waiting':
      // Back to resting: a swap sent before (it failed on chain) is settled, and the next try starts afresh.
      return { tx_hash: null };
    case 'cancelled':
    case 'expired':
      return {};
  }
}
