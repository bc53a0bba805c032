import { TERMINAL_STATUSES } from '../../contracts/order-lifecycle.js';
import type { SqlClient } from '../../database/sql-client.js';
import { statement } from '../../database/statement.js';
import type { OrderRecord } from '../order-record.js';
import { ORDER_COLUMNS, toRecord, type OrderRow } from './order-rows.js';
import { sqlStatusList } from './status-list.js';

export interface OrderClaim {
  readonly orderId: string;
  readonly runId: string;
}

/** Each order (not terminal) becomes its run's: a run that claimed it before is fenced off. */
const CLAIM_ORDERS = statement<OrderRow>()(
  'orders-claim',
  ['orderIds', 'runIds'],
  (p) => `
  UPDATE orders SET run_id = claim.claim_run
  FROM unnest(${p.orderIds}::uuid[], ${p.runIds}::uuid[]) AS claim(claim_id, claim_run)
  WHERE orders.id = claim.claim_id AND orders.status NOT IN ${sqlStatusList(TERMINAL_STATUSES)}
  RETURNING ${ORDER_COLUMNS}`,
);

/** Each claimed order, or undefined where it is missing or terminal. One claim per order per call (see groupCommitByOrder). */
export async function claimOrders(sql: SqlClient, batch: readonly OrderClaim[]): Promise<(OrderRecord | undefined)[]> {
  const rows = await sql.run(CLAIM_ORDERS, {
    orderIds: batch.map((claim) => claim.orderId),
    runIds: batch.map((claim) => claim.runId),
  });
  const byId = new Map(rows.map((row) => [row.id, toRecord(row)]));
  return batch.map(({ orderId }) => byId.get(orderId));
}
