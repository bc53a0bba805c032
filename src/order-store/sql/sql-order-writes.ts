import { Injectable } from '@nestjs/common';
import type { OrderLifecycleEvent, StatusChange, StatusDetails } from '../../contracts/order-lifecycle.js';
import { SqlClient } from '../../database/sql-client.js';
import type { NewOrder, OrderRecord } from '../order-record.js';
import { OrderWrites, type RecordCondition } from '../order-writes.port.js';
import { timed } from '../stored-event.js';
import { claimOrders, type OrderClaim } from './claim-orders.statement.js';
import { groupCommit, groupCommitByOrder } from './group-commit.js';
import { insertOrders, type OrderToInsert } from './insert-orders.statement.js';
import { recordChanges, type ChangesToRecord } from './record-changes.statement.js';

/**
 * Order writes on PostgreSQL. The hot ones go through group commit: concurrent callers share one statement,
 * which keeps the database off the critical path under load.
 */
@Injectable()
export class SqlOrderWrites extends OrderWrites {
  private readonly inserts = groupCommit<OrderToInsert, OrderLifecycleEvent | undefined>((batch) => insertOrders(this.sql, batch));
  private readonly claims = groupCommitByOrder<OrderClaim, OrderRecord | undefined>(
    (claim) => claim.orderId,
    (round) => claimOrders(this.sql, round),
  );
  private readonly records = groupCommitByOrder<ChangesToRecord, OrderLifecycleEvent[]>(
    (record) => record.orderId,
    (round) => recordChanges(this.sql, round),
  );

  constructor(private readonly sql: SqlClient) {
    super();
  }

  insert(order: NewOrder, pending: StatusDetails['pending']): Promise<OrderLifecycleEvent | undefined> {
    return this.inserts.submit({ order, pending });
  }

  async remove(orderId: string): Promise<void> {
    await this.sql.query('DELETE FROM orders WHERE id = $1', [orderId]);
  }

  claim(orderId: string, runId: string): Promise<OrderRecord | undefined> {
    return this.claims.submit({ orderId, runId });
  }

  record(orderId: string, changes: readonly StatusChange[], condition: RecordCondition = {}): Promise<OrderLifecycleEvent[]> {
    return this.records.submit({ ...condition, orderId, changes: timed(changes) });
  }
}
