import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EventsModule } from '../events/events.module.js';
import { requireRedisUrl } from '../redis/redis-connections.js';
import { RoutingModule } from '../routing/routing.module.js';
import { SettlementModule } from '../settlement/settlement.module.js';
import { ORDER_QUEUE } from './order-execution.job.js';
import { OrderExecutionProducer } from './order-execution.producer.js';
import { OrderExecutionService } from './order-execution.service.js';
import { OrderProcessor } from './order.processor.js';
import { OrderRecovery } from './order-recovery.service.js';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: requireRedisUrl(config) },
        prefix: `${config.redis.keyPrefix}:bull`,
      }),
    }),
    BullModule.registerQueue({ name: ORDER_QUEUE }),
    EventsModule,
    RoutingModule,
    SettlementModule,
  ],
  providers: [OrderExecutionProducer, OrderExecutionService, OrderProcessor, OrderRecovery],
  exports: [OrderExecutionProducer],
})
export class QueueModule {}
