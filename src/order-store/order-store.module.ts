import { Module } from '@nestjs/common';
import { OrderEventsPublisherModule } from '../events/order-events-publisher.module.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { OrderWrites } from './order-writes.port.js';
import { OrderQueries } from './order-queries.port.js';
import { SqlOrderQueries } from './sql/sql-order-queries.js';
import { SqlOrderWrites } from './sql/sql-order-writes.js';

/**
 * Orders and their lifecycle events in PostgreSQL. It exports the one writer (`OrderLifecycle`, which stores
 * then publishes) and the reads; the writes themselves stay inside.
 */
@Module({
  imports: [OrderEventsPublisherModule],
  providers: [OrderLifecycle, { provide: OrderWrites, useClass: SqlOrderWrites }, { provide: OrderQueries, useClass: SqlOrderQueries }],
  exports: [OrderLifecycle, OrderQueries],
})
export class OrderStoreModule {}
