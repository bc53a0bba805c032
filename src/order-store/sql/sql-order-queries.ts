import { Injectable } from '@nestjs/common';
import { CANCELLABLE_STATUSES, TERMINAL_STATUSES, type OrderLifecycleEvent, type OrderStatus } from '../../contracts/order-lifecycle.js';
import { SqlClient } from '../../database/sql-client.js';
import { statement } from '../../database/statement.js';
import type { OrderRecord } from '../order-record.js';
import { OrderQueries, type HistoryQuery } from '../order-store.ports.js';
import { groupCommit } from './group-commit.js';
import { groupEvents, ORDER_COLUMNS, toRecord, type EventRow, type OrderRow } from './order-rows.js';
import { sqlStatusList } from './status-list.js';

const FIND_ORDER = statement('orders-find', ['orderId'] as const, (p) => `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ${p.orderId}`);

/** Several orders' events at once (a WebSocket follow and a detail read each ask for one order's). */
const LOAD_EVENTS = statement(
  'orders-events',
  ['orderIds'] as const,
  (p) => `SELECT order_id, seq, status, attempt, at, details FROM order_events WHERE order_id = ANY(${p.orderIds}::uuid[]) ORDER BY order_id, seq`,
);

const LOAD_OWNERS = statement('orders-owners', ['orderIds'] as const, (p) => `SELECT id, owner FROM orders WHERE id = ANY(${p.orderIds}::uuid[])`);

/** Order reads on PostgreSQL; the per-order ones asked on every WebSocket follow share statements (group commit). */
@Injectable()
export class SqlOrderQueries extends OrderQueries {
  private readonly eventLoads = groupCommit<string, OrderLifecycleEvent[]>((orderIds) => this.eventsOf(orderIds));
  private readonly ownerLoads = groupCommit<string, string | null | undefined>((orderIds) => this.ownersOf(orderIds));

  constructor(private readonly sql: SqlClient) {
    super();
  }

  async find(orderId: string): Promise<OrderRecord | undefined> {
    const [row] = await this.sql.run<OrderRow, 'orderId'>(FIND_ORDER, { orderId });
    return row && toRecord(row);
  }

  async findMany(orderIds: readonly string[]): Promise<OrderRecord[]> {
    return this.orders(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[])`, [orderIds]);
  }

  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.eventLoads.submit(orderId);
  }

  ownerOf(orderId: string): Promise<string | null | undefined> {
    return this.ownerLoads.submit(orderId);
  }

  async byClientOrderId(owner: string | null, clientOrderId: string): Promise<OrderRecord | undefined> {
    const [order] = await this.orders(`SELECT ${ORDER_COLUMNS} FROM orders WHERE COALESCE(owner, '') = $1 AND client_order_id = $2`, [
      owner ?? '',
      clientOrderId,
    ]);
    return order;
  }

  history(query: HistoryQuery): Promise<OrderRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.owner !== undefined) where.push(`owner = $${params.push(query.owner)}`);
    if (query.before) where.push(`(created_at, id) < ($${params.push(query.before.createdAt)}, $${params.push(query.before.id)})`);
    return this.orders(
      `SELECT ${ORDER_COLUMNS} FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.push(query.limit)}`,
      params,
    );
  }

  resting(limit: number, afterId?: string): Promise<OrderRecord[]> {
    return this.orders(`SELECT ${ORDER_COLUMNS} FROM orders WHERE status = 'waiting' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`, [
      afterId ?? null,
      limit,
    ]);
  }

  expired(now: Date, limit: number): Promise<OrderRecord[]> {
    return this.orders(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE expires_at IS NOT NULL AND expires_at <= $1 AND status IN ${sqlStatusList(CANCELLABLE_STATUSES)}
       ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
  }

  unfinished(createdBefore: Date, limit: number): Promise<OrderRecord[]> {
    return this.orders(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE status NOT IN ${sqlStatusList(TERMINAL_STATUSES)} AND status <> 'waiting' AND created_at <= $1
       ORDER BY created_at LIMIT $2`,
      [createdBefore, limit],
    );
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const rows = await this.sql.query<{ status: OrderStatus; count: string }>('SELECT status, count(*)::text AS count FROM orders GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  async countReached(status: OrderStatus, since: Date): Promise<number> {
    const rows = await this.sql.query<{ count: string }>('SELECT count(*)::text AS count FROM orders WHERE status = $1 AND updated_at >= $2', [status, since]);
    return Number(rows[0].count);
  }

  private async orders(text: string, params: readonly unknown[]): Promise<OrderRecord[]> {
    return (await this.sql.query<OrderRow>(text, params)).map(toRecord);
  }

  private async eventsOf(orderIds: string[]): Promise<OrderLifecycleEvent[][]> {
    const byOrder = groupEvents(await this.sql.run<EventRow, 'orderIds'>(LOAD_EVENTS, { orderIds }));
    return orderIds.map((id) => byOrder.get(id) ?? []);
  }

  private async ownersOf(orderIds: string[]): Promise<(string | null | undefined)[]> {
    const rows = await this.sql.run<{ id: string; owner: string | null }, 'orderIds'>(LOAD_OWNERS, { orderIds });
    const owners = new Map(rows.map((row) => [row.id, row.owner]));
    return orderIds.map((id) => owners.get(id));
  }
}
