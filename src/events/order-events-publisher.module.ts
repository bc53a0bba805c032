import { Module } from '@nestjs/common';
import { OrderEventsPublisher } from './order-events.publisher.js';
import { LocalOrderEventsModule } from './local-order-events.module.js';

/** Publishing lifecycle events to every process; only the order store's writer (`OrderLifecycle`) publishes. */
@Module({
  imports: [LocalOrderEventsModule],
  providers: [OrderEventsPublisher],
  exports: [OrderEventsPublisher],
})
export class OrderEventsPublisherModule {}
