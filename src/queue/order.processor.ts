import { Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { OrderFailedError } from './execution.errors.js';
import { ORDER_QUEUE, type OrderExecutionJob, type OrderExecutionResult } from './order-execution.job.js';
import { OrderExecutionService } from './order-execution.service.js';

/**
 * BullMQ adapter for order execution. The worker starts only once the app is
 * ready (with concurrency and limiter from the validated config) and drains
 * before the database closes on shutdown.
 */
@Processor(ORDER_QUEUE, { autorun: false })
export class OrderProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderProcessor.name);

  constructor(
    private readonly execution: OrderExecutionService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: OrderExecutionJob): Promise<OrderExecutionResult> {
    const attempt = { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1, backoffMs: this.config.queue.backoffMs };
    try {
      return await this.execution.run(job.data.orderId, attempt);
    } catch (error) {
      if (error instanceof OrderFailedError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  onApplicationBootstrap(): void {
    const { concurrency, rateMax, rateWindowMs, lockDurationMs, stalledIntervalMs } = this.config.queue;
    // @Processor options are static; these come from the config validated at boot.
    Object.assign(this.worker.opts, {
      limiter: { max: rateMax, duration: rateWindowMs },
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: 3,
    });
    this.worker.concurrency = concurrency;
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    this.worker.run().catch((error: Error) => this.logger.error(`worker stopped: ${error.message}`));
    this.logger.log(`worker started: concurrency ${concurrency}, at most ${rateMax} jobs per ${rateWindowMs} ms`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
