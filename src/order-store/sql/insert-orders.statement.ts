import type { OrderLifecycleEvent, StatusDetails } from '../../contracts/order-lifecycle.js';
import type { SqlClient } from '../../database/sql-client.js';
import { statement } from '../../database/statement.js';
import type { NewOrder } from '../order-record.js';
import { storedEvent } from '../stored-event.js';

export interface OrderToInsert {
  readonly order: NewOrder;
  readonly pending: StatusDetails['pending'];
}

/**
 * New orders with their `pending` event, skipping any whose owner already used its client order id.
 * The orders come as one JSON document rather than an array per column: pg quotes every element of an
 * array parameter.
 */
const INSERT_ORDERS = statement<{ order_id: string }>()(
  'orders-insert',
  ['orders'],
  (p) => `
  WITH input AS (
    SELECT * FROM json_to_recordset(${p.orders}::json)
      AS x(new_id uuid, new_type text, new_side text, input_mint text, input_symbol text, input_decimals integer,
           output_mint text, output_symbol text, output_decimals integer, amount_in numeric, slippage_bps integer,
           new_at timestamptz, new_details jsonb, limit_price text, max_price text, expires_at timestamptz,
           new_owner text, new_client_order_id text, new_request_hash text)),
  inserted AS (
    INSERT INTO orders (id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol,
      output_decimals, amount_in, slippage_bps, status, created_at, updated_at, limit_price, max_price, expires_at,
      owner, client_order_id, request_hash)
    SELECT new_id, new_type, new_side, input_mint, input_symbol, input_decimals, output_mint, output_symbol,
      output_decimals, amount_in, slippage_bps, 'pending', new_at, new_at, limit_price, max_price, expires_at,
      new_owner, new_client_order_id, new_request_hash FROM input
    ON CONFLICT (COALESCE(owner, ''), client_order_id) WHERE client_order_id IS NOT NULL DO NOTHING
    RETURNING id)
  INSERT INTO order_events (order_id, seq, status, attempt, at, details)
  SELECT input.new_id, 1, 'pending', 0, input.new_at, input.new_details FROM input JOIN inserted ON inserted.id = input.new_id
  RETURNING order_id`,
);

const toInputRow = ({ order, pending }: OrderToInsert) => ({
  new_id: order.id,
  new_type: order.type,
  new_side: order.side,
  input_mint: order.input.mint,
  input_symbol: order.input.symbol,
  input_decimals: order.input.decimals,
  output_mint: order.output.mint,
  output_symbol: order.output.symbol,
  output_decimals: order.output.decimals,
  amount_in: order.amountIn.toString(),
  slippage_bps: order.slippageBps,
  new_at: order.createdAt.toISOString(),
  new_details: pending,
  limit_price: order.terms.limitPrice,
  max_price: order.terms.maxPrice,
  expires_at: order.terms.expiresAt,
  new_owner: order.owner,
  new_client_order_id: order.clientOrderId,
  new_request_hash: order.requestHash,
});

/** Each order's stored `pending` event, or undefined where it was skipped. */
export async function insertOrders(sql: SqlClient, batch: readonly OrderToInsert[]): Promise<(OrderLifecycleEvent | undefined)[]> {
  const rows = await sql.run(INSERT_ORDERS, { orders: JSON.stringify(batch.map(toInputRow)) });
  // The stored event is what was sent: built here rather than parsed back from PostgreSQL.
  const inserted = new Set(rows.map((row) => row.order_id));
  return batch.map(({ order, pending }) =>
    inserted.has(order.id) ? storedEvent(order.id, 1, { status: 'pending', attempt: 0, details: pending, at: order.createdAt.toISOString() }) : undefined,
  );
}
