import { Injectable } from '@nestjs/common';
import type {
  OrderLifecycleEvent,
  OrderStatus,
  StatusChange,
  StatusDetails,
} from '../contracts/order-lifecycle.js';
import { columnsForChange } from './order-columns.js';
import type { NewOrder, OrderRecord } from './order-record.js';
import { SqlClient } from './sql-client.js';

const TERMINAL = `('confirmed', 'failed')`;

const ORDER_COLUMNS = `
  id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol, output_decimals,
  amount_in::text AS amount_in, slippage_bps, status, venue, quotes, route,
  min_amount_out::text AS min_amount_out, amount_out::text AS amount_out, executed_price, tx_hash, failure,
  attempts, created_at, updated_at`;

interface OrderRow {
  id: string;
  type: OrderRecord['type'];
  side: OrderRecord['side'];
  input_mint: string;
  input_symbol: string;
  input_decimals: number;
  output_mint: string;
  output_symbol: string;
  output_decimals: number;
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
  created_at: Date;
  updated_at: Date;
}

interface EventRow {
  order_id: string;
  seq: number;
  status: OrderStatus;
  attempt: number;
  at: Date;
  details: object;
}

export interface HistoryQuery {
  readonly status?: OrderStatus;
  readonly limit: number;
  /** Exclusive: orders strictly older than this (created_at, id) position. */
  readonly before?: { readonly createdAt: Date; readonly id: string };
}

/**
 * Orders and their lifecycle events. Every status change is one statement
 * that updates the order and appends its event, so the two never disagree.
 */
@Injectable()
export class OrderRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Stores a new order with its `pending` event. */
  async insert(order: NewOrder, pending: StatusDetails['pending']): Promise<OrderLifecycleEvent> {
    const rows = await this.sql.query<EventRow>(
      `WITH inserted AS (
         INSERT INTO orders (id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol,
           output_decimals, amount_in, slippage_bps, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12)
         RETURNING id)
       INSERT INTO order_events (order_id, seq, status, attempt, at, details)
       SELECT id, 1, 'pending', 0, $12, $13 FROM inserted
       RETURNING order_id, seq, status, attempt, at, details`,
      [
        order.id, order.type, order.side,
        order.input.mint, order.input.symbol, order.input.decimals,
        order.output.mint, order.output.symbol, order.output.decimals,
        order.amountIn.toString(), order.slippageBps, order.createdAt, JSON.stringify(pending),
      ],
    );
    return toEvent(rows[0]);
  }

  /** Undoes `insert` when the order could not be queued. */
  async remove(id: string): Promise<void> {
    await this.sql.query('DELETE FROM orders WHERE id = $1', [id]);
  }

  async find(id: string): Promise<OrderRecord | undefined> {
    const rows = await this.sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async events(orderId: string): Promise<OrderLifecycleEvent[]> {
    const rows = await this.sql.query<EventRow>(
      'SELECT order_id, seq, status, attempt, at, details FROM order_events WHERE order_id = $1 ORDER BY seq',
      [orderId],
    );
    return rows.map(toEvent);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async history(query: HistoryQuery): Promise<OrderRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.before) {
      where.push(`(created_at, id) < ($${params.push(query.before.createdAt)}, $${params.push(query.before.id)})`);
    }
    const rows = await this.sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.push(query.limit)}`,
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * Makes `runId` the only execution run allowed to change the order from now
   * on, fencing off a stalled run that BullMQ handed to another worker.
   * Returns undefined when the order is missing or already terminal.
   */
  async claim(id: string, runId: string): Promise<OrderRecord | undefined> {
    const rows = await this.sql.query<OrderRow>(
      `UPDATE orders SET run_id = $2 WHERE id = $1 AND status NOT IN ${TERMINAL} RETURNING ${ORDER_COLUMNS}`,
      [id, runId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * Applies a status change and appends its event, unless the order is
   * terminal or (with `runId`) another run has claimed it. Returns the stored
   * event, or undefined when the change was refused.
   */
  async record(orderId: string, change: StatusChange, at: Date, runId?: string): Promise<OrderLifecycleEvent | undefined> {
    const params: unknown[] = [orderId, change.status, change.attempt, at, JSON.stringify(change.details)];
    const sets = Object.entries(columnsForChange(change)).map(
      ([column, value]) => `${column} = $${params.push(toSqlValue(value))}`,
    );
    const fence = runId === undefined ? '' : `AND run_id = $${params.push(runId)}`;
    const rows = await this.sql.query<EventRow>(
      `WITH updated AS (
         UPDATE orders SET status = $2, attempts = GREATEST(attempts, $3), updated_at = $4,
           last_seq = last_seq + 1 ${sets.map((s) => `, ${s}`).join('')}
         WHERE id = $1 AND status NOT IN ${TERMINAL} ${fence}
         RETURNING id, last_seq)
       INSERT INTO order_events (order_id, seq, status, attempt, at, details)
       SELECT id, last_seq, $2, $3, $4, $5 FROM updated
       RETURNING order_id, seq, status, attempt, at, details`,
      params,
    );
    return rows[0] && toEvent(rows[0]);
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const rows = await this.sql.query<{ status: OrderStatus; count: string }>('SELECT status, count(*)::text AS count FROM orders GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  /** Orders that reached `status` since `since`. */
  async countReached(status: OrderStatus, since: Date): Promise<number> {
    const rows = await this.sql.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM orders WHERE status = $1 AND updated_at >= $2',
      [status, since],
    );
    return Number(rows[0].count);
  }

  /** Orders accepted but not yet terminal, oldest first. */
  async unfinished(limit: number): Promise<OrderRecord[]> {
    const rows = await this.sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE status NOT IN ${TERMINAL} ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }
}

function toSqlValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

const toBigInt = (value: string | null): bigint | null => (value === null ? null : BigInt(value));

function toRecord(row: OrderRow): OrderRecord {
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): OrderLifecycleEvent {
  return {
    orderId: row.order_id,
    seq: row.seq,
    status: row.status,
    at: new Date(row.at).toISOString(),
    attempt: row.attempt,
    ...row.details,
  } as OrderLifecycleEvent;
}
