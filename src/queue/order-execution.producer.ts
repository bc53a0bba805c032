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

const REDIS_TIMEOUT_MS = 3_000;
/** Jobs added per round trip when a pass fires many resting orders: big enough to amortise it, small enough to overlap building and adding. */
const FIRE_SLICE = 200;
/** Batches of new orders' jobs being added at once. */
const ADDS_IN_FLIGHT = 2;

interface NewJob {
  readonly orderId: string;
  readonly trade?: JobTrade;
}

/** The only code that adds jobs to the order queue; it owns their options. */
@Injectable()
export class OrderExecutionProducer {
  private readonly logger = new Logger(OrderExecutionProducer.name);
  private readonly jobOptions: JobsOptions;
  /** New orders' jobs, added together: the submits of one turn share one round trip (and one socket write). */
  private readonly adds = new Batcher<NewJob, void>((jobs) => this.addAll(jobs), { maxInFlight: ADDS_IN_FLIGHT });

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
    return this.adds.submit({ orderId, trade });
  }

  private addAll(jobs: NewJob[]): Promise<void[]> {
    return this.withRedis(async () => {
      await this.queue.addBulk(
        jobs.map(({ orderId, trade }) => ({ name: EXECUTE_ORDER_JOB, data: { orderId, trade }, opts: { ...this.jobOptions, jobId: orderId } })),
      );
      return jobs.map(() => undefined);
    });
  }

  /**
   * Fires resting orders: one job per order and per state of the order its
   * trigger saw (`atSeq`: the run goes ahead only if nothing happened to the
   * order since), all added in one round trip. A state fired twice (by two
   * worker processes, say) gets one job: the second add is a duplicate id.
   */
  async triggerAll(fires: readonly TriggerFire[]): Promise<void> {
    // In slices sent one after another without waiting: Redis adds one slice's jobs while the next is built.
    const slices = Array.from({ length: Math.ceil(fires.length / FIRE_SLICE) }, (_, i) => fires.slice(i * FIRE_SLICE, (i + 1) * FIRE_SLICE));
    await Promise.all(
      slices.map((slice) =>
        this.withRedis(async () => {
          await this.queue.addBulk(
            slice.map(({ orderId, trade, atSeq, refire }) => ({
              name: EXECUTE_ORDER_JOB,
              data: { orderId, trade, trigger: { atSeq } },
              opts: { ...this.jobOptions, jobId: triggerJobId(orderId, atSeq, refire) },
            })),
          );
        }),
      ),
    );
  }

  /** Queues a run of an order that was left unfinished and whose job is gone, under a job id of its own. */
  enqueueAgain(orderId: string, trade: JobTrade, lastSeq: number): Promise<void> {
    return this.withRedis(async () => {
      await this.queue.add(EXECUTE_ORDER_JOB, { orderId, trade }, { ...this.jobOptions, jobId: rerunJobId(orderId, lastSeq) });
    });
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
