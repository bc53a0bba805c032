import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { FailureLog } from '../common/failure-log.js';
import type { JobsOptions, JobState, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import { withTimeout } from '../common/time-limit.js';
import { Batcher } from '../common/batcher.js';
import {
  EXECUTE_ORDER_JOB,
  ORDER_QUEUE,
  rerunJobId,
  triggerJobId,
  type JobTrade,
  type OrderExecutionJobData,
  type OrderExecutionResult,
  type TriggerFire,
} from './order-execution.job.js';

/** Jobs added per round trip (a pass may fire a thousand resting orders): big enough to amortise it, small enough to overlap building and adding. */
const ADD_BATCH = 200;
/** Batches of jobs being added at once: Redis adds one while the next is built. */
const ADDS_IN_FLIGHT = 3;

interface NewJob {
  readonly jobId: string;
  readonly data: OrderExecutionJobData;
}

/** The only code that adds jobs to the order queue; it owns their options. */
@Injectable()
export class OrderExecutionProducer {
  private readonly logger = new Logger(OrderExecutionProducer.name);
  private readonly jobOptions: JobsOptions;
  private readonly timeoutMs: number;
  /** Adds sent and timed out, still without an answer: while there are any, Redis is taken as not answering. */
  private unanswered = 0;
  /** Every new job goes through here: the jobs of one turn (the submits, a trigger pass's fires) share a round trip. */
  private readonly adds = new Batcher<NewJob, void>((jobs) => this.addAll(jobs), { maxBatch: ADD_BATCH, maxInFlight: ADDS_IN_FLIGHT });

  constructor(
    @InjectQueue(ORDER_QUEUE)
    private readonly queue: Queue<OrderExecutionJobData, OrderExecutionResult, typeof EXECUTE_ORDER_JOB>,
    config: AppConfig,
  ) {
    this.timeoutMs = config.redis.commandTimeoutMs;
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
    return this.adds.submit({ jobId: orderId, data: { orderId, trade } });
  }

  /**
   * Fires resting orders: one job per order and per state of the order its
   * trigger saw (`atSeq`: the run goes ahead only if nothing happened to the
   * order since). A state fired twice (by two worker processes, say) gets one
   * job: the second add is a duplicate id.
   */
  async triggerAll(fires: readonly TriggerFire[]): Promise<void> {
    await Promise.all(
      fires.map(({ orderId, trade, atSeq, refire }) =>
        this.adds.submit({ jobId: triggerJobId(orderId, atSeq, refire), data: { orderId, trade, trigger: { atSeq } } }),
      ),
    );
  }

  /** Queues a run of an order that was left unfinished and whose job is gone, under a job id of its own. */
  enqueueAgain(orderId: string, trade: JobTrade, lastSeq: number): Promise<void> {
    return this.adds.submit({ jobId: rerunJobId(orderId, lastSeq), data: { orderId, trade } });
  }

  /**
   * Adds the jobs, within REDIS_COMMAND_TIMEOUT_MS. An add that timed out may still happen once Redis answers
   * again (its command was sent), for orders that were refused and removed meanwhile: those jobs are removed
   * then. And while such an add is still unanswered, no other is sent: commands do not pile up behind a Redis
   * that does not answer.
   */
  private async addAll(jobs: NewJob[]): Promise<void[]> {
    if (this.unanswered > 0) throw new DependencyUnavailableError('redis');
    await this.requireReady();
    const adding = this.queue.addBulk(jobs.map(({ jobId, data }) => ({ name: EXECUTE_ORDER_JOB, data, opts: { ...this.jobOptions, jobId } })));
    try {
      await this.withRedis(() => adding);
      return jobs.map(() => undefined);
    } catch (error) {
      this.unanswered++;
      void adding
        .catch(() => undefined)
        .finally(() => {
          this.unanswered--;
          void this.removeAll(jobs.map((job) => job.jobId));
        });
      throw error;
    }
  }

  /** Removes jobs added after their orders were refused (a job a worker already took finds no order and skips). */
  private async removeAll(jobIds: readonly string[]): Promise<void> {
    const removed = await this.withRedis(() => Promise.all(jobIds.map((id) => this.queue.remove(id)))).catch(() => undefined);
    if (!removed) this.logger.warn(`${jobIds.length} job(s) of refused orders could not be removed: they will find no order and skip`);
  }

  /** The state of a job, by its id (the order's, `triggerJobId` or `rerunJobId`). */
  state(jobId: string): Promise<{ state: JobState | 'unknown' | 'missing'; failedReason?: string; attemptsMade: number }> {
    return this.withRedis(async () => {
      const job = await this.queue.getJob(jobId);
      if (!job) return { state: 'missing' as const, attemptsMade: 0 };
      return { state: await job.getState(), failedReason: job.failedReason, attemptsMade: job.attemptsMade };
    });
  }

  /** Runs a finished job again (used when its order was left unfinished). */
  rerun(jobId: string): Promise<void> {
    return this.withRedis(async () => {
      const job = await this.queue.getJob(jobId);
      if (job) await job.retry((await job.getState()) === 'completed' ? 'completed' : 'failed');
    });
  }

  counts(): Promise<Record<string, number>> {
    return this.withRedis(() => this.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'));
  }

  /**
   * BullMQ's connection waits for Redis without limit (its commands must not
   * fail mid-job): a request must not. Refuse at once while Redis is away,
   * and give up after REDIS_COMMAND_TIMEOUT_MS otherwise (a hung Redis).
   */
  private async withRedis<T>(work: () => Promise<T>): Promise<T> {
    await this.requireReady();
    try {
      return await withTimeout(work(), this.timeoutMs);
    } catch (error) {
      throw new DependencyUnavailableError('redis', error);
    }
  }

  private async requireReady(): Promise<void> {
    const client = await this.queue.getBackend().client;
    if (client.status !== 'ready') throw new DependencyUnavailableError('redis');
  }
}
