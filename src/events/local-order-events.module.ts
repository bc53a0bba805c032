import { Module } from '@nestjs/common';
import { LocalOrderEvents } from './local-order-events.js';

/** The in-process hand-off between the publisher and the subscriber (one instance, whoever imports it). */
@Module({
  providers: [LocalOrderEvents],
  exports: [LocalOrderEvents],
})
export class LocalOrderEventsModule {}
