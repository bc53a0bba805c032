import { Module } from '@nestjs/common';
import { OrderEventsPublisher } from './order-events.publisher.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { LocalOrderEventsModule } from './local-order-events.module.js';

/** Storing and publishing lifecycle events: what every process that changes orders needs. */
@Module({
  imports: [LocalOrderEventsModule],
  providers: [OrderEventsPublisher, OrderLifecycle],
  exports: [OrderEventsPublisher, OrderLifecycle],
})
export class EventsModule {}
