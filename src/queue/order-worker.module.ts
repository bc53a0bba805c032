import { Module } from '@nestjs/common';
import { ExecutionModule } from '../execution/execution.module.js';
import { EXECUTION_STATUS } from '../health/execution-status.js';
import { OrderProcessor } from './order.processor.js';

/** The BullMQ worker that runs order jobs through the execution service. Loaded by `worker` and `all` processes only. */
@Module({
  imports: [ExecutionModule],
  providers: [OrderProcessor, { provide: EXECUTION_STATUS, useExisting: OrderProcessor }],
})
export class OrderWorkerModule {}
