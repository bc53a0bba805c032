import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import { FailureLog } from '../common/failure-log.js';
import { settlesWithin } from '../common/time-limit.js';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { OrderFailedError, retryDelayMs } from '../execution/execution.errors.js';
import { ORDER_QUEUE, type EXECUTE_ORDER_JOB, type OrderExecutionJob, type OrderExecutionJobData, type OrderExecutionResult } from './order-execution.job.js';
import { OrderExecutionService } from '../execution/order-execution.service.js';

/**
 * BullMQ adapter for order execution. The worker is built once the app is
 * ready, with every option from the validated config at construction —
 * concurrency, limiter, lock and the retry backoff, whose delay comes from
 * the same `retryDelayMs` that computes the `nextAttemptAt` shown to
 * clients — and drains first on shutdown, while Redis and the database are
 * still open.
 */
const FORCED_CLOSE_MS = 1_000;

@Injectable()
export class OrderProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderProcessor.name);
  private worker?: Worker<OrderExecutionJobData, OrderExecutionResult, typeof EXECUTE_ORDER_JOB>;

  constructor(
    private readonly execution: OrderExecutionService,
    private readonly config: AppConfig,
    private readonly connections: RedisConnections,
  ) {}

  async process(job: OrderExecutionJob): Promise<OrderExecutionResult> {
    const attempt = { number: job.attemptsMade + 1, max: job.opts.attempts ?? 1, backoffMs: this.config.queue.backoffMs };
    try {
      return await this.execution.run(job.data.orderId, attempt, job.data.trade, job.data.trigger);
    } catch (error) {
      if (error instanceof OrderFailedError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  onApplicationBootstrap(): void {
    const { concurrency, rateMax, rateWindowMs, lockDurationMs, stalledIntervalMs, backoffMs } = this.config.queue;
    this.worker = new Worker(ORDER_QUEUE, (job) => this.process(job), {
      connection: this.connections.bullConnection(),
      prefix: this.connections.bullPrefix(),
      concurrency,
      // The limiter is enforced by Redis for the whole queue: it caps every worker process together.
      limiter: { max: rateMax, duration: rateWindowMs },
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: 3,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(backoffMs, attemptsMade) },
    });
    const failures = new FailureLog(this.logger, 'worker');
    this.worker.on('error', (error) => failures.failed(error));
    this.worker.on('active', () => failures.recovered());
    this.logger.debug(`worker started: concurrency ${concurrency}, at most ${rateMax} jobs per ${rateWindowMs} ms across all workers`);
  }

  /** True while this process's worker is running (not closing, not stopped). */
  isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  /**
   * First thing on shutdown: take no new jobs and let the running ones finish
   * (drain), for at most half of SHUTDOWN_TIMEOUT_MS. Orders still running
   * then are abandoned: their locks lapse and another worker (or this one,
   * restarted) takes them over and reconciles what they sent.
   */
  async onModuleDestroy(): Promise<void> {
    if (!this.worker) return;
    const drainMs = this.config.shutdownTimeoutMs / 2;
    if (await settlesWithin(this.worker.close(), drainMs)) return;
    this.logger.warn(`orders still running after ${drainMs} ms: left to be taken over after the restart`);
    // With Redis away even a forced close can wait for it: give up after a moment, the connections close next.
    if (!(await settlesWithin(this.worker.close(true), FORCED_CLOSE_MS))) this.logger.warn('worker did not close (Redis unreachable?): leaving it');
  }
}
