import { Module } from '@nestjs/common';
import { OrderTypesModule } from '../order-types/order-types.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { PlausiblePrices } from './plausible-prices.js';
import { OrderStoreModule } from '../order-store/order-store.module.js';
import { OrderEventsSubscriberModule } from '../events/order-events-subscriber.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { OrderRequestParser } from './order-request.parser.js';
import { OrdersController } from './orders.controller.js';
import { OrdersGateway } from './orders.gateway.js';
import { OrdersService } from './orders.service.js';
import { OrderStatsService } from './order-stats.service.js';
import { StatsController } from './stats.controller.js';
import { SubmitAdmission } from './submit-admission.js';

@Module({
  imports: [QueueModule, OrderStoreModule, OrderEventsSubscriberModule, OrderTypesModule, RoutingModule],
  controllers: [OrdersController, StatsController],
  providers: [SubmitAdmission, PlausiblePrices, OrdersService, OrderStatsService, OrderRequestParser, OrdersGateway],
})
export class OrdersModule {}
