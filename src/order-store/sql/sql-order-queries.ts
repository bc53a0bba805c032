import { Injectable } from '@nestjs/common';
import { CANCELLABLE_STATUSES, TERMINAL_STATUSES, type OrderLifecycleEvent, type OrderStatus } from '../../contracts/order-lifecycle.js';
import { SqlClient } from '../../database/sql-client.js';
import { statement } from '../../database/statement.js';
import type { OrderRecord } from '../order-record.js';
import { OrderQueries, type HistoryQuery } from '../order-queries.port.js';
import { groupCommit } from './group-commit.js';
import { groupEvents, ORDER_COLUMNS, toRecord, type EventRow, type OrderRow } from './order-rows.js';
import { sqlStatusList } from './status-list.js';

const orderStatement = statement<OrderRow>();

const FIND_ORDER = orderStatement('orders-find', ['orderId'], (p) => `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ${p.orderId}`);

const FIND_ORDERS = orderStatement('orders-find-many', ['orderIds'], (p) => `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY(${p.orderIds}::uuid[])`);

const BY_CLIENT_ORDER_ID = orderStatement(
  'orders-by-client-id',
  ['owner', 'clientOrderId'],
  (p) => `SELECT ${ORDER_COLUMNS} FROM orders WHERE COALESCE(owner, '') = ${p.owner} AND client_order_id = ${p.clientOrderId}`,
);

/** Resting orders by id, a keyset page at a time (on the partial index of `waiting` orders). */
const RESTING = orderStatement(
  'orders-resting',
  ['afterId', 'limit'],
  (p) => `SELECT ${ORDER_COLUMNS} FROM orders WHERE status = 'waiting' AND (${p.afterId}::uuid IS NULL OR id > ${p.afterId}) ORDER BY id LIMIT ${p.limit}`,
);

const EXPIRED = orderStatement(
  'orders-expired',
  ['now', 'limit'],
  (p) => `SELECT ${ORDER_COLUMNS} FROM orders
    WHERE expires_at IS NOT NULL AND expires_at <= ${p.now} AND status IN ${sqlStatusList(CANCELLABLE_STATUSES)}
    ORDER BY expires_at LIMIT ${p.limit}`,
);

const UNFINISHED = orderStatement(
  'orders-unfinished',
  ['createdBefore', 'limit'],
  (p) => `SELECT ${ORDER_COLUMNS} FROM orders
    WHERE status NOT IN ${sqlStatusList(TERMINAL_STATUSES)} AND status <> 'waiting' AND created_at <= ${p.createdBefore}
    ORDER BY created_at LIMIT ${p.limit}`,
);

/** Several orders' events at once (a WebSocket follow and a detail read each ask for one order's). */
const LOAD_EVENTS = statement<EventRow>()(
  'orders-events',
  ['orderIds'],
  (p) => `SELECT order_id, seq, status, attempt, at, details FROM order_events WHERE order_id = ANY(${p.orderIds}::uuid[]) ORDER BY order_id, seq`,
);

const LOAD_OWNERS = statement<{ id: string; owner: string | null }>()(
  'orders-owners',
  ['orderIds'],
  (p) => `SELECT id, owner FROM orders WHERE id = ANY(${p.orderIds}::uuid[])`,
);

const COUNT_BY_STATUS = statement<{ status: OrderStatus; count: string }>()(
  'orders-count-by-status',
  [],
  () => 'SELECT status, count(*)::text AS count FROM orders GROUP BY status',
);

const COUNT_REACHED = statement<{ count: string }>()(
  'orders-count-reached',
  ['status', 'since'],
  (p) => `SELECT count(*)::text AS count FROM orders WHERE status = ${p.status} AND updated_at >= ${p.since}`,
);

/** Order reads on PostgreSQL; the per-order ones asked on every WebSocket follow share statements (group commit). */
@Injectable()
export class SqlOrderQueries extends OrderQueries {
  private readonly eventLoads = groupCommit<string, OrderLifecycleEvent[]>((orderIds) => this.eventsOf(orderIds));
  private readonly ownerLoads = groupCommit<string, string | null | undefined>((orderIds) => this.ownersOf(orderIds));

  constructor(private readonly sql: SqlClient) {
    super();
  }

  async find(orderId: string): Promise<OrderRecord | undefined> {
    const [row] = await this.sql.run(FIND_ORDER, { orderId });
    return row && toRecord(row);
  }

  async findMany(orderIds: readonly string[]): Promise<OrderRecord[]> {
    return (await this.sql.run(FIND_ORDERS, { orderIds })).map(toRecord);
  }

  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.eventLoads.submit(orderId);
  }

  ownerOf(orderId: string): Promise<string | null | undefined> {
    return this.ownerLoads.submit(orderId);
  }

  async byClientOrderId(owner: string | null, clientOrderId: string): Promise<OrderRecord | undefined> {
    const [row] = await this.sql.run(BY_CLIENT_ORDER_ID, { owner: owner ?? '', clientOrderId });
    return row && toRecord(row);
  }

  /** The one statement built per call: its filters are optional (so not a prepared statement). */
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

  async resting(limit: number, afterId?: string): Promise<OrderRecord[]> {
    return (await this.sql.run(RESTING, { afterId: afterId ?? null, limit })).map(toRecord);
  }

  async expired(now: Date, limit: number): Promise<OrderRecord[]> {
    return (await this.sql.run(EXPIRED, { now, limit })).map(toRecord);
  }

  async unfinished(createdBefore: Date, limit: number): Promise<OrderRecord[]> {
    return (await this.sql.run(UNFINISHED, { createdBefore, limit })).map(toRecord);
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const rows = await this.sql.run(COUNT_BY_STATUS, {});
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  async countReached(status: OrderStatus, since: Date): Promise<number> {
    const [row] = await this.sql.run(COUNT_REACHED, { status, since });
    return Number(row.count);
  }

  private async orders(text: string, params: readonly unknown[]): Promise<OrderRecord[]> {
    return (await this.sql.query<OrderRow>(text, params)).map(toRecord);
  }

  private async eventsOf(orderIds: string[]): Promise<OrderLifecycleEvent[][]> {
    const byOrder = groupEvents(await this.sql.run(LOAD_EVENTS, { orderIds }));
    return orderIds.map((id) => byOrder.get(id) ?? []);
  }

  private async ownersOf(orderIds: string[]): Promise<(string | null | undefined)[]> {
    const rows = await this.sql.run(LOAD_OWNERS, { orderIds });
    const owners = new Map(rows.map((row) => [row.id, row.owner]));
    return orderIds.map((id) => owners.get(id));
  }
}
