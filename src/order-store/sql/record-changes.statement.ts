import { TERMINAL_STATUSES, type OrderLifecycleEvent } from '../../contracts/order-lifecycle.js';
import type { SqlClient } from '../../database/sql-client.js';
import { statement } from '../../database/statement.js';
import { columnsForChange, type ChangeColumn } from '../change-columns.js';
import type { RecordCondition } from '../order-writes.port.js';
import { storedEvent, type TimedChange } from '../stored-event.js';
import { sqlStatusList } from './status-list.js';

export interface ChangesToRecord extends RecordCondition {
  readonly orderId: string;
  readonly changes: readonly TimedChange[];
}

/** How each order column a change may set is read from the change's columns (JSON). */
const CHANGEABLE_COLUMNS: Readonly<Record<ChangeColumn, string>> = {
  venue: "input.rec_columns->>'venue'",
  quotes: "NULLIF(input.rec_columns->'quotes', 'null'::jsonb)",
  route: "NULLIF(input.rec_columns->'route', 'null'::jsonb)",
  min_amount_out: "(input.rec_columns->>'min_amount_out')::numeric",
  amount_out: "(input.rec_columns->>'amount_out')::numeric",
  executed_price: "(input.rec_columns->>'executed_price')::double precision",
  tx_hash: "input.rec_columns->>'tx_hash'",
  failure: "NULLIF(input.rec_columns->'failure', 'null'::jsonb)",
};

const setChangedColumns = Object.entries(CHANGEABLE_COLUMNS)
  .map(([column, value]) => `${column} = CASE WHEN input.rec_columns ? '${column}' THEN ${value} ELSE orders.${column} END`)
  .join(',\n      ');

const RECORD_PARAMS = [
  // One element per order written:
  'orderIds',
  'runIds',
  'claims',
  'eventCounts',
  'lastStatuses',
  'maxAttempts',
  'lastAts',
  'fromStatuses',
  'atSeqs',
  /** A JSON array: each order's changed columns. */
  'columns',
  // One element per event appended:
  'eventOrderIds',
  'eventOrdinals',
  'eventStatuses',
  'eventAttempts',
  'eventAts',
  /** A JSON array: each event's details. */
  'eventDetails',
] as const;
type RecordParam = (typeof RECORD_PARAMS)[number];

/**
 * Status changes of several orders: each order is updated (status, attempts, its changed columns, its claim)
 * when its condition holds, and its events are appended with consecutive seqs, in one statement so that the
 * two never disagree. Plain columns come as arrays; the JSON ones as one JSON array each, picked by position
 * (pg would quote every element of a jsonb[] parameter). Not json_to_recordset for all: unnest's small row
 * estimate keeps the update on the primary key, where json_to_recordset's 100 rows made PostgreSQL scan orders.
 */
const RECORD_CHANGES = statement<{ order_id: string; seq: number }>()(
  'orders-record',
  RECORD_PARAMS,
  (p) => `
  WITH input AS (
    SELECT x.*, ${p.columns}::jsonb -> (x.rec_n::integer - 1) AS rec_columns
    FROM unnest(${p.orderIds}::uuid[], ${p.runIds}::uuid[], ${p.claims}::boolean[], ${p.eventCounts}::integer[], ${p.lastStatuses}::text[],
                ${p.maxAttempts}::integer[], ${p.lastAts}::timestamptz[], ${p.fromStatuses}::text[], ${p.atSeqs}::integer[])
      WITH ORDINALITY AS x(rec_id, rec_run, rec_claim, rec_count, rec_status, rec_attempt, rec_at, rec_from, rec_seq, rec_n)),
  updated AS (
    UPDATE orders SET
      status = input.rec_status,
      attempts = GREATEST(orders.attempts, input.rec_attempt),
      updated_at = input.rec_at,
      last_seq = orders.last_seq + input.rec_count,
      run_id = CASE WHEN input.rec_claim THEN input.rec_run ELSE orders.run_id END,
      ${setChangedColumns}
    FROM input
    WHERE orders.id = input.rec_id AND orders.status NOT IN ${sqlStatusList(TERMINAL_STATUSES)}
      AND CASE WHEN input.rec_claim THEN orders.tx_hash IS NULL ELSE input.rec_run IS NULL OR orders.run_id = input.rec_run END
      AND (input.rec_from IS NULL OR orders.status = ANY (string_to_array(input.rec_from, ',')))
      AND (input.rec_seq IS NULL OR orders.last_seq = input.rec_seq)
    RETURNING orders.id AS updated_id, orders.last_seq AS updated_last, input.rec_count),
  event AS (
    SELECT e.*, ${p.eventDetails}::jsonb -> (e.event_n::integer - 1) AS event_details
    FROM unnest(${p.eventOrderIds}::uuid[], ${p.eventOrdinals}::integer[], ${p.eventStatuses}::text[], ${p.eventAttempts}::integer[], ${p.eventAts}::timestamptz[])
      WITH ORDINALITY AS e(event_order, event_ord, event_status, event_attempt, event_at, event_n))
  INSERT INTO order_events (order_id, seq, status, attempt, at, details)
  SELECT event_order, updated_last - rec_count + event_ord, event_status, event_attempt, event_at, event_details
  FROM event JOIN updated ON updated_id = event_order
  RETURNING order_id, seq`,
);

function recordParams(batch: readonly ChangesToRecord[]): Record<RecordParam, unknown> {
  const events = batch.flatMap(({ orderId, changes }) => changes.map((change, i) => ({ orderId, ordinal: i + 1, change })));
  const last = (r: ChangesToRecord) => r.changes[r.changes.length - 1];
  return {
    orderIds: batch.map((r) => r.orderId),
    runIds: batch.map((r) => r.runId ?? null),
    claims: batch.map((r) => r.claim === true),
    eventCounts: batch.map((r) => r.changes.length),
    lastStatuses: batch.map((r) => last(r).status),
    maxAttempts: batch.map((r) => Math.max(...r.changes.map((c) => c.attempt))),
    lastAts: batch.map((r) => last(r).at),
    fromStatuses: batch.map((r) => r.from?.join(',') ?? null),
    atSeqs: batch.map((r) => r.atSeq ?? null),
    columns: JSON.stringify(batch.map((r) => Object.assign({}, ...r.changes.map(columnsForChange)))),
    eventOrderIds: events.map((e) => e.orderId),
    eventOrdinals: events.map((e) => e.ordinal),
    eventStatuses: events.map((e) => e.change.status),
    eventAttempts: events.map((e) => e.change.attempt),
    eventAts: events.map((e) => e.change.at),
    eventDetails: JSON.stringify(events.map((e) => e.change.details)),
  };
}

/** Each order's stored events (empty where its changes were refused). One entry per order per call (see groupCommitByOrder). */
export async function recordChanges(sql: SqlClient, batch: readonly ChangesToRecord[]): Promise<OrderLifecycleEvent[][]> {
  const rows = await sql.run(RECORD_CHANGES, recordParams(batch));
  // An order's new events got consecutive seqs in the order of its changes: built from what was sent
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
