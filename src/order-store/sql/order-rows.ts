import type { OrderLifecycleEvent, OrderStatus } from '../../contracts/order-lifecycle.js';
import type { OrderRecord } from '../order-record.js';
import { storedEvent, type TimedChange } from '../stored-event.js';

/** The columns every statement that returns orders selects, as `OrderRow` names them. */
export const ORDER_COLUMNS = `
  id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol, output_decimals,
  amount_in::text AS amount_in, slippage_bps, status, venue, quotes, route,
  min_amount_out::text AS min_amount_out, amount_out::text AS amount_out, executed_price, tx_hash, failure,
  attempts, limit_price, max_price, expires_at, last_seq, created_at, updated_at, owner, client_order_id, request_hash`;

export interface OrderRow {
  id: string;
  type: OrderRecord['type'];
  side: OrderRecord['side'];
  input_mint: string;
  input_symbol: string;
  input_decimals: number;
  output_mint: string;
  output_symbol: string;
  output_decimals: number | null;
  owner: string | null;
  client_order_id: string | null;
  request_hash: string | null;
  amount_in: string;
  slippage_bps: number;
  status: OrderStatus;
  venue: OrderRecord['venue'];
  quotes: OrderRecord['quotes'];
  route: OrderRecord['route'];
  min_amount_out: string | null;
  amount_out: string | null;
  executed_price: number | null;
  tx_hash: string | null;
  failure: OrderRecord['failure'];
  attempts: number;
  limit_price: string | null;
  max_price: string | null;
  expires_at: Date | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  order_id: string;
  seq: number;
  status: OrderStatus;
  attempt: number;
  at: Date;
  details: object;
}

const toBigInt = (value: string | null): bigint | null => (value === null ? null : BigInt(value));

export function toRecord(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    type: row.type,
    side: row.side,
    input: { symbol: row.input_symbol, mint: row.input_mint, decimals: row.input_decimals },
    output: { symbol: row.output_symbol, mint: row.output_mint, decimals: row.output_decimals },
    amountIn: BigInt(row.amount_in),
    slippageBps: row.slippage_bps,
    status: row.status,
    venue: row.venue,
    quotes: row.quotes,
    route: row.route,
    minAmountOut: toBigInt(row.min_amount_out),
    amountOut: toBigInt(row.amount_out),
    executedPrice: row.executed_price,
    txHash: row.tx_hash,
    failure: row.failure,
    attempts: row.attempts,
    terms: { limitPrice: row.limit_price, maxPrice: row.max_price, expiresAt: row.expires_at && row.expires_at.toISOString() },
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    owner: row.owner,
    clientOrderId: row.client_order_id,
    requestHash: row.request_hash,
  };
}

function toEvent(row: EventRow): OrderLifecycleEvent {
  return storedEvent(row.order_id, row.seq, {
    status: row.status,
    attempt: row.attempt,
    at: new Date(row.at).toISOString(),
    details: row.details,
  } as TimedChange);
}

/** Event rows (sorted by order, then seq) as each order's events. */
export function groupEvents(rows: readonly EventRow[]): Map<string, OrderLifecycleEvent[]> {
  const byOrder = new Map<string, OrderLifecycleEvent[]>();
  for (const row of rows) {
    const events = byOrder.get(row.order_id);
    if (events) events.push(toEvent(row));
    else byOrder.set(row.order_id, [toEvent(row)]);
  }
  return byOrder;
}
