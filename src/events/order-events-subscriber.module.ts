import { Module } from '@nestjs/common';
import { OrderEventsSubscriber } from './order-events.subscriber.js';
import { LocalOrderEventsModule } from './local-order-events.module.js';

/** Receiving every process's lifecycle events: what a process that streams them to clients needs. */
@Module({
  imports: [LocalOrderEventsModule],
  providers: [OrderEventsSubscriber],
  exports: [OrderEventsSubscriber],
})
export class OrderEventsSubscriberModule {}
