import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { FailureLog } from '../common/failure-log.js';
import type { JobsOptions, JobState, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import { withTimeout } from '../common/time-limit.js';
import { EXECUTE_ORDER_JOB, ORDER_QUEUE, type JobTrade, type OrderExecutionJobData, type OrderExecutionResult } from './order-execution.job.js';

const REDIS_TIMEOUT_MS = 3_000;

/** The only code that adds jobs to the order queue; it owns their options. */
@Injectable()
export class OrderExecutionProducer {
  private readonly logger = new Logger(OrderExecutionProducer.name);
  private readonly jobOptions: JobsOptions;

  constructor(
    @InjectQueue(ORDER_QUEUE)
    private readonly queue: Queue<OrderExecutionJobData, OrderExecutionResult, typeof EXECUTE_ORDER_JOB>,
    config: AppConfig,
  ) {
    this.jobOptions = {
      attempts: config.queue.attempts,
      // The delay comes from the worker's backoffStrategy (`retryDelayMs`), the one function clients' `nextAttemptAt` uses too.
      backoff: { type: 'custom' },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    // Without a listener BullMQ prints every connection error of the queue to stderr, stack and all.
    const failures = new FailureLog(this.logger, 'queue');
    queue.on('error', (error) => failures.failed(error));
  }

  /** Queues the order's execution; the job id is the order id, so it is never queued twice. */
  enqueue(orderId: string, trade?: JobTrade): Promise<void> {
    return this.withRedis(async () => {
      await this.queue.add(EXECUTE_ORDER_JOB, { orderId, trade }, { ...this.jobOptions, jobId: orderId });
    });
  }

  /**
   * Runs a resting order's job again, for the state of the order its trigger
   * saw (`atSeq`: the run goes ahead only if nothing happened to the order
   * since). A job already waiting or running is left alone; when several
   * processes fire at once, one re-runs the job.
   */
  trigger(orderId: string, trade: JobTrade, atSeq: number): Promise<void> {
    return this.withRedis(async () => {
      const data = { orderId, trade, trigger: { atSeq } };
      const job = await this.queue.getJob(orderId);
      if (!job) return void (await this.queue.add(EXECUTE_ORDER_JOB, data, { ...this.jobOptions, jobId: orderId }));
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') return;
      await job.updateData(data);
      // Another process may have re-run it between the read and here: then its run is the one.
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
    });
  }

  state(orderId: string): Promise<{ state: JobState | 'unknown' | 'missing'; failedReason?: string; attemptsMade: number }> {
    return this.withRedis(async () => {
      const job = await this.queue.getJob(orderId);
      if (!job) return { state: 'missing' as const, attemptsMade: 0 };
      return { state: await job.getState(), failedReason: job.failedReason, attemptsMade: job.attemptsMade };
    });
  }

  /** Runs a finished job again (used when its order was left unfinished). */
  rerun(orderId: string): Promise<void> {
    return this.withRedis(async () => {
      const job = await this.queue.getJob(orderId);
      if (job) await job.retry((await job.getState()) === 'completed' ? 'completed' : 'failed');
    });
  }

  counts(): Promise<Record<string, number>> {
    return this.withRedis(() => this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'));
  }

  /**
   * BullMQ's connection waits for Redis without limit (its commands must not
   * fail mid-job): a request must not. Refuse at once while Redis is away,
   * and give up after a bound otherwise.
   */
  private async withRedis<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.queue.getBackend().client;
    if (client.status !== 'ready') throw new DependencyUnavailableError('redis');
    try {
      return await withTimeout(work(), REDIS_TIMEOUT_MS);
    } catch (error) {
      throw new DependencyUnavailableError('redis', error);
    }
  }
}
