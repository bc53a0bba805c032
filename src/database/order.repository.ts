import { Injectable } from '@nestjs/common';
import { Batcher, inUniqueRounds } from '../common/batcher.js';
import {
  CANCELLABLE_STATUSES,
  TERMINAL_STATUSES,
  type OrderLifecycleEvent,
  type OrderStatus,
  type StatusChange,
  type StatusDetails,
} from '../contracts/order-lifecycle.js';
import { columnsForChange } from './order-columns.js';
import type { NewOrder, OrderRecord } from './order-record.js';
import { SqlClient } from './sql-client.js';

const sqlList = (statuses: readonly OrderStatus[]): string => `(${statuses.map((status) => `'${status}'`).join(', ')})`;
const TERMINAL = sqlList(TERMINAL_STATUSES);
/** Orders that have not started executing: what expiry (and a cancel) may end. */
const CANCELLABLE = sqlList(CANCELLABLE_STATUSES);

/**
 * Statements of one kind running at once: a caller waits for a free one, not for the whole running batch.
 * Two rather than three: with the worker's 50 slots, fewer and larger batches cost less per order in the
 * engine and in PostgreSQL (about 8% more orders/s over five runs each, docs/performance.md).
 */
const STATEMENTS_IN_FLIGHT = 2;

/**
 * Group commit for writes to order rows. An order twice in one batch (a fenced run and its successor, a
 * retry and the recovery sweep) is written in call order, in rounds: one statement cannot update a row
 * twice. Batches running at once never share an order, so they cannot wait on each other's rows.
 */
function orderWrites<In, Out>(orderOf: (input: In) => string, write: (round: In[]) => Promise<Out[]>): Batcher<In, Out> {
  return new Batcher((batch) => inUniqueRounds(batch, orderOf, write), { maxInFlight: STATEMENTS_IN_FLIGHT, key: orderOf });
}

const ORDER_COLUMNS = `
  id, type, side, input_mint, input_symbol, input_decimals, output_mint, output_symbol, output_decimals,
  amount_in::text AS amount_in, slippage_bps, status, venue, quotes, route,
  min_amount_out::text AS min_amount_out, amount_out::text AS amount_out, executed_price, tx_hash, failure,
  attempts, limit_price, max_price, expires_at, last_seq, created_at, updated_at, owner, client_order_id, request_hash`;

interface OrderRow {
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
  /** Only this owner's orders; absent: everyone's. */
  readonly owner?: string;
}

/**
 * Orders and their lifecycle events. A status change updates the order and
 * appends its events in one statement, so the two never disagree. The hot
 * writes and reads (insert, claim, record, events) go through batchers:
 * concurrent callers share one statement (group commit), which is what keeps
 * the embedded database off the critical path under load.
 */
@Injectable()
export class OrderRepository {
  private readonly inserts = new Batcher<InsertInput, OrderLifecycleEvent | undefined>((batch) => this.insertBatch(batch), {
    maxInFlight: STATEMENTS_IN_FLIGHT,
  });
  private readonly claims = orderWrites<ClaimInput, OrderRecord | undefined>(
    (c) => c.id,
    (round) => this.claimBatch(round),
  );
  private readonly records = orderWrites<RecordInput, OrderLifecycleEvent[]>(
    (r) => r.orderId,
    (round) => this.recordBatch(round),
  );
  private readonly eventLoads = new Batcher<string, OrderLifecycleEvent[]>((batch) => this.eventsBatch(batch), { maxInFlight: STATEMENTS_IN_FLIGHT });

  private readonly ownerLoads = new Batcher<string, string | null | undefined>((ids) => this.ownersBatch(ids), { maxInFlight: STATEMENTS_IN_FLIGHT });

  constructor(private readonly sql: SqlClient) {}

  private async ownersBatch(ids: string[]): Promise<(string | null | undefined)[]> {
    const rows = await this.sql.query<{ id: string; owner: string | null }>('SELECT id, owner FROM orders WHERE id = ANY($1::uuid[])', [ids]);
    const owners = new Map(rows.map((row) => [row.id, row.owner]));
    return ids.map((id) => owners.get(id));
  }

  /**
   * Stores a new order with its `pending` event; undefined, storing nothing, when its owner already placed an
   * order with the same client order id (`byClientOrderId` finds that one).
   */
  insert(order: NewOrder, pending: StatusDetails['pending']): Promise<OrderLifecycleEvent | undefined> {
    return this.inserts.submit({ order, pending });
  }

  /** Who placed each order (null: placed while the engine ran open; absent: no such order). */
  ownerOf(orderId: string): Promise<string | null | undefined> {
    return this.ownerLoads.submit(orderId);
  }

  async byClientOrderId(owner: string | null, clientOrderId: string): Promise<OrderRecord | undefined> {
    const rows = await this.sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE COALESCE(owner, '') = $1 AND client_order_id = $2`, [
      owner ?? '',
      clientOrderId,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Undoes `insert` when the order could not be queued. */
  async remove(id: string): Promise<void> {
    await this.sql.query('DELETE FROM orders WHERE id = $1', [id]);
  }

  async find(id: string): Promise<OrderRecord | undefined> {
    const rows = await this.sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id], 'orders-find');
    return rows[0] && toRecord(rows[0]);
  }

  /** The order's events in `seq` order; empty for an unknown order (every order has its `pending` event). */
  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.eventLoads.submit(orderId);
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async history(query: HistoryQuery): Promise<OrderRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.owner !== undefined) where.push(`owner = $${params.push(query.owner)}`);
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
  claim(id: string, runId: string): Promise<OrderRecord | undefined> {
    return this.claims.submit({ id, runId });
  }

  /**
   * Applies status changes (in order) and appends their events, unless the
   * order is terminal or (with `runId`) another run has claimed it. Returns
   * the stored events, or an empty array when the changes were refused.
   */
  record(orderId: string, changes: readonly StatusChange[], condition: RecordCondition = {}): Promise<OrderLifecycleEvent[]> {
    const at = new Date().toISOString();
    return this.records.submit({ ...condition, orderId, changes: changes.map((change) => ({ ...change, at })) });
  }

  /**
   * `claim` and `record` in one statement, for a run that starts an order
   * afresh: only when the order is not terminal and no earlier run has sent
   * a swap for it (no tx hash). Returns the stored events, or an empty array
   * when it did neither (the caller then claims and looks at the order).
   */
  claimAndRecord(orderId: string, runId: string, changes: readonly StatusChange[], atSeq?: number): Promise<OrderLifecycleEvent[]> {
    const at = new Date().toISOString();
    return this.records.submit({ orderId, runId, atSeq, claim: true, changes: changes.map((change) => ({ ...change, at })) });
  }

  /** Orders resting until the market allows them, for the trigger index (`afterId`: keyset page). */
  async resting(limit: number, afterId?: string): Promise<OrderRecord[]> {
    const rows = await this.sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE status = 'waiting' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId ?? null, limit],
    );
    return rows.map(toRecord);
  }

  /** Orders past their expiry that have not started executing. */
  async expired(now: Date, limit: number): Promise<OrderRecord[]> {
    const rows = await this.sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE expires_at IS NOT NULL AND expires_at <= $1 AND status IN ${CANCELLABLE}
       ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(toRecord);
  }

  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const rows = await this.sql.query<{ status: OrderStatus; count: string }>('SELECT status, count(*)::text AS count FROM orders GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  /** Orders that reached `status` since `since`. */
  async countReached(status: OrderStatus, since: Date): Promise<number> {
    const rows = await this.sql.query<{ count: string }>('SELECT count(*)::text AS count FROM orders WHERE status = $1 AND updated_at >= $2', [status, since]);
    return Number(rows[0].count);
  }

  async findMany(ids: readonly string[]): Promise<OrderRecord[]> {
    const rows = await this.sql.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toRecord);
  }

  /** Orders accepted before `createdBefore`, not terminal and not resting (triggers own those), oldest first. */
  async unfinished(createdBefore: Date, limit: number): Promise<OrderRecord[]> {
    const rows = await this.sql.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE status NOT IN ${TERMINAL} AND status <> 'waiting' AND created_at <= $1 ORDER BY created_at LIMIT $2`,
      [createdBefore, limit],
    );
    return rows.map(toRecord);
  }

  private async insertBatch(batch: InsertInput[]): Promise<(OrderLifecycleEvent | undefined)[]> {
    const rows = await this.sql.query<{ order_id: string }>(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json)
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
      // One JSON document rather than an array per column: pg quotes every element of an array parameter.
      [
        JSON.stringify(
          batch.map(({ order, pending }) => ({
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
          })),
        ),
      ],
      'orders-insert',
    );
    // The stored event is what was sent: built here rather than parsed back from PostgreSQL.
    const inserted = new Set(rows.map((row) => row.order_id));
    return batch.map(({ order, pending }) =>
      inserted.has(order.id) ? storedEvent(order.id, 1, { status: 'pending', attempt: 0, details: pending, at: order.createdAt.toISOString() }) : undefined,
    );
  }

  private async claimBatch(batch: ClaimInput[]): Promise<(OrderRecord | undefined)[]> {
    const rows = await this.sql.query<OrderRow>(
      `UPDATE orders SET run_id = claim.claim_run
       FROM unnest($1::uuid[], $2::uuid[]) AS claim(claim_id, claim_run)
       WHERE orders.id = claim.claim_id AND orders.status NOT IN ${TERMINAL}
       RETURNING ${ORDER_COLUMNS}`,
      [batch.map((c) => c.id), batch.map((c) => c.runId)],
      'orders-claim',
    );
    const byId = new Map(rows.map((row) => [row.id, toRecord(row)]));
    return batch.map(({ id }) => byId.get(id));
  }

  private async recordBatch(batch: RecordInput[]): Promise<OrderLifecycleEvent[][]> {
    const events = batch.flatMap(({ orderId, changes }) => changes.map((change, i) => ({ orderId, ord: i + 1, ...change })));
    // Plain columns as arrays; the JSON ones as one JSON array each, picked by position (pg would quote every
    // element of a jsonb[] parameter). Not json_to_recordset for all: unnest's small row estimate keeps the
    // update on the primary key, where json_to_recordset's 100 rows made PostgreSQL scan the orders table.
    const rows = await this.sql.query<{ order_id: string; seq: number }>(
      `WITH input AS (
         SELECT x.*, $8::jsonb -> (x.rec_n::integer - 1) AS rec_columns
         FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::integer[], $5::text[], $6::integer[], $7::timestamptz[], $15::text[], $16::integer[])
           WITH ORDINALITY AS x(rec_id, rec_run, rec_claim, rec_count, rec_status, rec_attempt, rec_at, rec_from, rec_seq, rec_n)),
       updated AS (
         UPDATE orders SET
           status = input.rec_status,
           attempts = GREATEST(orders.attempts, input.rec_attempt),
           updated_at = input.rec_at,
           last_seq = orders.last_seq + input.rec_count,
           run_id = CASE WHEN input.rec_claim THEN input.rec_run ELSE orders.run_id END,
           ${CHANGEABLE_COLUMNS.map(([column, cast]) => `${column} = CASE WHEN input.rec_columns ? '${column}' THEN ${cast} ELSE orders.${column} END`).join(',\n           ')}
         FROM input
         WHERE orders.id = input.rec_id AND orders.status NOT IN ${TERMINAL}
           AND CASE WHEN input.rec_claim THEN orders.tx_hash IS NULL ELSE input.rec_run IS NULL OR orders.run_id = input.rec_run END
           AND (input.rec_from IS NULL OR orders.status = ANY (string_to_array(input.rec_from, ',')))
           AND (input.rec_seq IS NULL OR orders.last_seq = input.rec_seq)
         RETURNING orders.id AS updated_id, orders.last_seq AS updated_last, input.rec_count),
       event AS (
         SELECT e.*, $14::jsonb -> (e.event_n::integer - 1) AS event_details
         FROM unnest($9::uuid[], $10::integer[], $11::text[], $12::integer[], $13::timestamptz[])
           WITH ORDINALITY AS e(event_order, event_ord, event_status, event_attempt, event_at, event_n))
       INSERT INTO order_events (order_id, seq, status, attempt, at, details)
       SELECT event_order, updated_last - rec_count + event_ord, event_status, event_attempt, event_at, event_details
       FROM event JOIN updated ON updated_id = event_order
       RETURNING order_id, seq`,
      [
        batch.map((r) => r.orderId),
        batch.map((r) => r.runId ?? null),
        batch.map((r) => r.claim === true),
        batch.map((r) => r.changes.length),
        batch.map((r) => r.changes[r.changes.length - 1].status),
        batch.map((r) => Math.max(...r.changes.map((c) => c.attempt))),
        batch.map((r) => r.changes[r.changes.length - 1].at),
        JSON.stringify(batch.map((r) => Object.assign({}, ...r.changes.map(columnsForChange)))),
        events.map((e) => e.orderId),
        events.map((e) => e.ord),
        events.map((e) => e.status),
        events.map((e) => e.attempt),
        events.map((e) => e.at),
        JSON.stringify(events.map((e) => e.details)),
        batch.map((r) => r.from?.join(',') ?? null),
        batch.map((r) => r.atSeq ?? null),
      ],
      'orders-record',
    );
    // An order's new events got consecutive seqs in the order of its changes: built here from what was sent
    // rather than parsed back from PostgreSQL.
    const seqs = new Map<string, number[]>();
    for (const row of rows) {
      const ofOrder = seqs.get(row.order_id);
      if (ofOrder) ofOrder.push(row.seq);
      else seqs.set(row.order_id, [row.seq]);
    }
    return batch.map(({ orderId, changes }) => {
      const stored = (seqs.get(orderId) ?? []).sort((a, b) => a - b);
      return stored.map((seq, i) => storedEvent(orderId, seq, changes[i]));
    });
  }

  private async eventsBatch(orderIds: string[]): Promise<OrderLifecycleEvent[][]> {
    const rows = await this.sql.query<EventRow>(
      `SELECT order_id, seq, status, attempt, at, details FROM order_events
       WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, seq`,
      [orderIds],
      'orders-events',
    );
    const byOrder = groupEvents(rows);
    return orderIds.map((id) => byOrder.get(id) ?? []);
  }
}

interface InsertInput {
  readonly order: NewOrder;
  readonly pending: StatusDetails['pending'];
}

interface ClaimInput {
  readonly id: string;
  readonly runId: string;
}

/** When a change may be stored, beside "the order is not terminal". */
export interface RecordCondition {
  /** Another run must not own the order (see `claim`). */
  readonly runId?: string;
  /** Only from one of these statuses. */
  readonly from?: readonly OrderStatus[];
  /** Only when the order's last event is this one: nothing has happened to it since it was read. */
  readonly atSeq?: number;
}

interface RecordInput extends RecordCondition {
  readonly orderId: string;
  /** Take the order for `runId` (see `claimAndRecord`) instead of requiring it. */
  readonly claim?: boolean;
  readonly changes: readonly (StatusChange & { readonly at: string })[];
}

/** Order columns a status change may set, with how each is read from the change's JSON. */
const CHANGEABLE_COLUMNS: readonly (readonly [string, string])[] = [
  ['venue', "input.rec_columns->>'venue'"],
  ['quotes', "NULLIF(input.rec_columns->'quotes', 'null'::jsonb)"],
  ['route', "NULLIF(input.rec_columns->'route', 'null'::jsonb)"],
  ['min_amount_out', "(input.rec_columns->>'min_amount_out')::numeric"],
  ['amount_out', "(input.rec_columns->>'amount_out')::numeric"],
  ['executed_price', "(input.rec_columns->>'executed_price')::double precision"],
  ['tx_hash', "input.rec_columns->>'tx_hash'"],
  ['failure', "NULLIF(input.rec_columns->'failure', 'null'::jsonb)"],
];

function groupEvents(rows: EventRow[]): Map<string, OrderLifecycleEvent[]> {
  const byOrder = new Map<string, OrderLifecycleEvent[]>();
  for (const row of rows) {
    const events = byOrder.get(row.order_id) ?? [];
    events.push(toEvent(row));
    byOrder.set(row.order_id, events);
  }
  for (const events of byOrder.values()) events.sort((a, b) => a.seq - b.seq);
  return byOrder;
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
    terms: { limitPrice: row.limit_price, maxPrice: row.max_price, expiresAt: row.expires_at && row.expires_at.toISOString() },
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    owner: row.owner,
    clientOrderId: row.client_order_id,
    requestHash: row.request_hash,
  };
}

/** The event a stored change became, shaped as `toEvent` reads it back. */
function storedEvent(orderId: string, seq: number, change: StatusChange & { readonly at: string }): OrderLifecycleEvent {
  return { orderId, seq, status: change.status, at: change.at, attempt: change.attempt, ...change.details } as OrderLifecycleEvent;
}

function toEvent(row: EventRow): OrderLifecycleEvent {
  return storedEvent(row.order_id, row.seq, {
    status: row.status,
    attempt: row.attempt,
    at: new Date(row.at).toISOString(),
    details: row.details,
  } as StatusChange & { readonly at: string });
}
