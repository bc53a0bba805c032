import { Module } from '@nestjs/common';
import { OrderStoreModule } from '../order-store/order-store.module.js';
import { OrderTypesModule } from '../order-types/order-types.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { OrderExecutionService } from './order-execution.service.js';
import { OrderRecovery } from './order-recovery.service.js';

/**
 * Executing orders: one run of an order (claim, route, build, land, reconcile) and the recovery sweep that
 * makes sure every accepted order reaches a terminal state. The BullMQ worker that calls it lives in
 * `queue/` (`OrderWorkerModule`).
 */
@Module({
  // Swaps settle through the SwapSettlement that SettlementModule.forRoot provides (on a network, or on paper).
  imports: [QueueModule, OrderStoreModule, RoutingModule, OrderTypesModule],
  providers: [OrderExecutionService, OrderRecovery],
  exports: [OrderExecutionService],
})
export class ExecutionModule {}
