import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import type { QueueHold, QueueLimiterView } from '../contracts/order-lifecycle.js';
import { queueHold } from './queue-hold.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';
import { ORDER_QUEUE } from './order-execution.job.js';

/** How old a limiter reading may be when a submit asks it: one Redis read per this period per process at most. */
const FRESH_MS = 200;
/** A reading older than this is not used at all. */
const STALE_MS = 2_000;

/**
 * The queue's rate limit as it stands: BullMQ's limiter counts the jobs started in a window shared by every
 * worker, and a job queued past the window's budget waits for the next window. Read at most every FRESH_MS
 * (a submit uses the last reading and never waits for one).
 */
@Injectable()
export class QueueLimiter {
  private last?: { readonly view: QueueLimiterView; readonly at: number };
  private queuedSinceReading = 0;
  private reading?: Promise<QueueLimiterView | undefined>;

  private readonly redis: RedisClient;

  constructor(
    @InjectQueue(ORDER_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
    connections: RedisConnections,
  ) {
    this.redis = connections.create('queue-limiter');
  }

  /** The limiter now (for /api/stats): read from Redis; undefined when Redis does not answer. */
  async now(): Promise<QueueLimiterView | undefined> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /**
   * Whether a job queued now is held back by the limit, from the last reading (refreshed in the background
   * when older than FRESH_MS): undefined when it starts at once, or nothing is known yet.
   */
  holdForNewJob(now = Date.now()): QueueHold | undefined {
    if (!this.last || now - this.last.at > FRESH_MS) void this.now();
    // A reading much older than that says too little of the queue now: nothing rather than a guess.
    if (!this.last || now - this.last.at > STALE_MS) return undefined;
    // The jobs this process queued since the reading are ahead of this one too.
    const hold = queueHold(this.last.view, now - this.last.at, now, this.last.view.jobsWaiting + this.queuedSinceReading);
    this.queuedSinceReading++;
    return hold;
  }

  private async read(): Promise<QueueLimiterView | undefined> {
    const { rateMax: maxJobs, rateWindowMs: windowMs } = this.config.queue;
    const { limiter, wait, prioritized: prioritizedKey } = this.queue.keys;
    try {
      // The engine's own connection (it times out; BullMQ's waits for Redis without limit). Same slot: every key
      // shares the hash tag, so on a cluster too this is one round trip.
      const [[, started], [, left], [, waiting], [, prioritized]] = (await this.redis
        .multi()
        .get(limiter)
        .pttl(limiter)
        .llen(wait)
        .zcard(prioritizedKey)
        .exec()) as [unknown, unknown][];
      const startedInWindow = Number(started ?? 0);
      const view = {
        maxJobs,
        windowMs,
        startedInWindow,
        windowLeftMs: Math.max(0, Number(left)),
        jobsWaiting: Number(waiting) + Number(prioritized),
        holding: startedInWindow >= maxJobs && Number(left) > 0,
      };
      this.last = { view, at: Date.now() };
      this.queuedSinceReading = 0;
      return view;
    } catch {
      return undefined;
    }
  }
}
