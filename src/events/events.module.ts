import { Module } from '@nestjs/common';
import { OrderEventsPublisher } from './order-events.publisher.js';
import { OrderEventsSubscriber } from './order-events.subscriber.js';
import { OrderLifecycle } from './order-lifecycle.service.js';

@Module({
  providers: [OrderEventsPublisher, OrderEventsSubscriber, OrderLifecycle],
  exports: [OrderEventsPublisher, OrderEventsSubscriber, OrderLifecycle],
})
export class EventsModule {}
