import { Module } from '@nestjs/common';
import { OrderStoreModule } from '../order-store/order-store.module.js';
import { OrderEventsSubscriberModule } from '../events/order-events-subscriber.module.js';
import { OrderTypesModule } from '../order-types/order-types.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { OrderTriggers } from './order-triggers.service.js';

/** Resting orders (limit, sniper): their index, the market checks that fire them, and expiry. Loaded by worker processes. */
@Module({
  imports: [QueueModule, OrderStoreModule, OrderEventsSubscriberModule, RoutingModule, OrderTypesModule],
  providers: [OrderTriggers],
})
export class TriggersModule {}
