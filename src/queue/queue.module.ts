import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { ORDER_QUEUE } from './order-execution.job.js';
import { OrderExecutionProducer } from './order-execution.producer.js';
import { QueueLimiter } from './queue-limiter.js';

/**
 * The producer side of the order queue: what an API process needs to
 * enqueue orders and read the queue's state. The execution side lives in
 * `ExecutionModule`, loaded only by processes that run orders.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig, RedisConnections],
      useFactory: (config: AppConfig, connections: RedisConnections) => ({
        connection: connections.bullConnection(),
        prefix: connections.bullPrefix(),
      }),
    }),
    BullModule.registerQueue({ name: ORDER_QUEUE }),
  ],
  providers: [OrderExecutionProducer, QueueLimiter],
  exports: [OrderExecutionProducer, QueueLimiter],
})
export class QueueModule {}
