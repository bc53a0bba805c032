import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { EXECUTION_STATUS } from '../health/execution-status.js';
import { OrderTypesModule } from '../order-types/order-types.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { SettlementModule } from '../settlement/settlement.module.js';
import { OrderExecutionService } from './order-execution.service.js';
import { OrderProcessor } from './order.processor.js';
import { OrderRecovery } from './order-recovery.service.js';
import { QueueModule } from './queue.module.js';

/**
 * The execution side of the order queue: the BullMQ worker, what it drives
 * (routing, settlement, lifecycle events) and the recovery sweep. Loaded by
 * `worker` and `all` processes only.
 */
@Module({
  imports: [QueueModule, EventsModule, RoutingModule, SettlementModule, OrderTypesModule],
  providers: [OrderExecutionService, OrderProcessor, OrderRecovery, { provide: EXECUTION_STATUS, useExisting: OrderProcessor }],
})
export class ExecutionModule {}
