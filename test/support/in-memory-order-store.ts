import {
  CANCELLABLE_STATUSES,
  isTerminalStatus,
  type OrderLifecycleEvent,
  type OrderStatus,
  type StatusChange,
  type StatusDetails,
} from '../../src/contracts/order-lifecycle.js';
import { columnsForChange, type ChangeColumn } from '../../src/order-store/change-columns.js';
import type { NewOrder, OrderRecord } from '../../src/order-store/order-record.js';
import { OrderWrites, type RecordCondition } from '../../src/order-store/order-writes.port.js';
import { OrderQueries, type HistoryQuery } from '../../src/order-store/order-queries.port.js';
import { storedEvent, timed } from '../../src/order-store/stored-event.js';

interface StoredOrder {
  record: OrderRecord;
  runId: string | null;
  events: OrderLifecycleEvent[];
}

const toBigInt = (value: unknown): bigint | null => (value === null || value === undefined ? null : BigInt(value as string));

/** How each changed column lands on the record (the SQL store's CHANGEABLE_COLUMNS, in memory). */
const APPLY_COLUMN: Record<ChangeColumn, (record: OrderRecord, value: unknown) => OrderRecord> = {
  venue: (r, v) => ({ ...r, venue: v as OrderRecord['venue'] }),
  quotes: (r, v) => ({ ...r, quotes: v as OrderRecord['quotes'] }),
  route: (r, v) => ({ ...r, route: v as OrderRecord['route'] }),
  min_amount_out: (r, v) => ({ ...r, minAmountOut: toBigInt(v) }),
  amount_out: (r, v) => ({ ...r, amountOut: toBigInt(v) }),
  executed_price: (r, v) => ({ ...r, executedPrice: v as number | null }),
  tx_hash: (r, v) => ({ ...r, txHash: v as string | null }),
  failure: (r, v) => ({ ...r, failure: v as OrderRecord['failure'] }),
};

/**
 * The order store in memory, with the SQL store's contract (the same contract suite runs against both), for
 * unit tests of the services that use it: no PostgreSQL.
 */
export class InMemoryOrderStore implements OrderWrites, OrderQueries {
  private readonly orders = new Map<string, StoredOrder>();

  async insert(order: NewOrder, pending: StatusDetails['pending']): Promise<OrderLifecycleEvent | undefined> {
    if (this.orders.has(order.id)) throw new Error(`duplicate key value violates unique constraint "orders_pkey": ${order.id}`);
    if (order.clientOrderId !== null && (await this.byClientOrderId(order.owner, order.clientOrderId))) return undefined;
    const event = storedEvent(order.id, 1, { status: 'pending', attempt: 0, details: pending, at: order.createdAt.toISOString() });
    const record: OrderRecord = {
      ...order,
      // As PostgreSQL gives a timestamptz back: in UTC, with milliseconds.
      terms: { ...order.terms, expiresAt: order.terms.expiresAt && new Date(order.terms.expiresAt).toISOString() },
      status: 'pending',
      venue: null,
      quotes: null,
      route: null,
      minAmountOut: null,
      amountOut: null,
      executedPrice: null,
      txHash: null,
      failure: null,
      attempts: 0,
      lastSeq: 1,
      updatedAt: order.createdAt,
    };
    this.orders.set(order.id, { record, runId: null, events: [event] });
    return event;
  }

  async remove(orderId: string): Promise<void> {
    this.orders.delete(orderId);
  }

  async claim(orderId: string, runId: string): Promise<OrderRecord | undefined> {
    const stored = this.orders.get(orderId);
    if (!stored || isTerminalStatus(stored.record.status)) return undefined;
    stored.runId = runId;
    return { ...stored.record };
  }

  async record(orderId: string, changes: readonly StatusChange[], condition: RecordCondition = {}): Promise<OrderLifecycleEvent[]> {
    const stored = this.orders.get(orderId);
    if (!stored || !allows(stored, condition)) return [];
    const at = timed(changes);
    const events = at.map((change, i) => storedEvent(orderId, stored.record.lastSeq + i + 1, change));
    let record: OrderRecord = {
      ...stored.record,
      status: changes[changes.length - 1].status,
      attempts: Math.max(stored.record.attempts, ...changes.map((c) => c.attempt)),
      updatedAt: new Date(at[0].at),
      lastSeq: stored.record.lastSeq + changes.length,
    };
    for (const [column, value] of Object.entries(Object.assign({}, ...changes.map(columnsForChange)))) {
      record = APPLY_COLUMN[column as ChangeColumn](record, value);
    }
    stored.record = record;
    if (condition.claim) stored.runId = condition.runId ?? null;
    stored.events.push(...events);
    return events;
  }

  async find(orderId: string): Promise<OrderRecord | undefined> {
    const stored = this.orders.get(orderId);
    return stored && { ...stored.record };
  }

  async findMany(orderIds: readonly string[]): Promise<OrderRecord[]> {
    return orderIds.flatMap((id) => (this.orders.has(id) ? [{ ...this.orders.get(id)!.record }] : []));
  }

  async events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return [...(this.orders.get(orderId)?.events ?? [])];
  }

  async ownerOf(orderId: string): Promise<string | null | undefined> {
    return this.orders.get(orderId)?.record.owner;
  }

  async byClientOrderId(owner: string | null, clientOrderId: string): Promise<OrderRecord | undefined> {
    return this.all().find((r) => (r.owner ?? '') === (owner ?? '') && r.clientOrderId === clientOrderId);
  }

  async history(query: HistoryQuery): Promise<OrderRecord[]> {
    const position = (r: OrderRecord) => [r.createdAt.getTime(), r.id] as const;
    const before = query.before && ([query.before.createdAt.getTime(), query.before.id] as const);
    return this.all()
      .filter((r) => (!query.status || r.status === query.status) && (query.owner === undefined || r.owner === query.owner))
      .filter((r) => !before || comparePositions(position(r), before) < 0)
      .sort((a, b) => comparePositions(position(b), position(a)))
      .slice(0, query.limit);
  }

  async resting(limit: number, afterId?: string): Promise<OrderRecord[]> {
    return this.all()
      .filter((r) => r.status === 'waiting' && (afterId === undefined || r.id > afterId))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  async expired(now: Date, limit: number): Promise<OrderRecord[]> {
    const expiry = (r: OrderRecord) => Date.parse(r.terms.expiresAt ?? '');
    return this.all()
      .filter((r) => r.terms.expiresAt !== null && expiry(r) <= now.getTime() && CANCELLABLE_STATUSES.includes(r.status))
      .sort((a, b) => expiry(a) - expiry(b))
      .slice(0, limit);
  }

  async unfinished(createdBefore: Date, limit: number): Promise<OrderRecord[]> {
    return this.all()
      .filter((r) => !isTerminalStatus(r.status) && r.status !== 'waiting' && r.createdAt <= createdBefore)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const counts: Partial<Record<OrderStatus, number>> = {};
    for (const r of this.all()) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }

  async countReached(status: OrderStatus, since: Date): Promise<number> {
    return this.all().filter((r) => r.status === status && r.updatedAt >= since).length;
  }

  private all(): OrderRecord[] {
    return [...this.orders.values()].map((stored) => ({ ...stored.record }));
  }
}

function allows({ record, runId }: StoredOrder, condition: RecordCondition): boolean {
  if (isTerminalStatus(record.status)) return false;
  const owned = condition.claim ? record.txHash === null : condition.runId === undefined || runId === condition.runId;
  return (
    owned && (condition.from === undefined || condition.from.includes(record.status)) && (condition.atSeq === undefined || record.lastSeq === condition.atSeq)
  );
}

const comparePositions = (a: readonly [number, string], b: readonly [number, string]): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
