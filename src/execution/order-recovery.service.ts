import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OrderQueries } from '../order-store/order-queries.port.js';
import type { OrderRecord } from '../order-store/order-record.js';
import { OrderLifecycle } from '../order-store/order-lifecycle.service.js';
import { toJobTrade, triggerJobId } from '../queue/order-execution.job.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { withRedisLock } from '../redis/redis-lock.js';
import type { RedisClient } from '../redis/redis-options.js';

const SWEEP_INTERVAL_MS = 30_000;
/** Younger orders may still be between their insert and their enqueue. */
const GRACE_MS = 10_000;
const BATCH = 500;
/** Bounds how long a sweeper that died holding the lock keeps the others out. */
const SWEEP_LEASE_MS = 60_000;

/**
 * Makes sure every accepted order reaches a terminal state: at boot and then
 * periodically, an unfinished order whose job is missing is queued again, and
 * one whose job failed outside the processor (e.g. stalled too often) is
 * stored as failed.
 */
@Injectable()
export class OrderRecovery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrderRecovery.name);
  private timer?: NodeJS.Timeout;
  private readonly redis: RedisClient;

  constructor(
    private readonly orders: OrderQueries,
    private readonly producer: OrderExecutionProducer,
    private readonly lifecycle: OrderLifecycle,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('recovery');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep(0);
    this.timer = setInterval(() => void this.sweep(GRACE_MS), SWEEP_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Returns how many orders it acted on; 0 when another process is sweeping
   * (one sweep at a time across every worker process).
   */
  async sweep(graceMs: number = GRACE_MS): Promise<number> {
    try {
      return (await withRedisLock(this.redis, this.connections.key('recovery', 'lock'), SWEEP_LEASE_MS, () => this.sweepNow(graceMs))) ?? 0;
    } catch (error) {
      this.logger.warn(`recovery sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private async sweepNow(graceMs: number): Promise<number> {
    const stale = await this.orders.unfinished(new Date(Date.now() - graceMs), BATCH);
    let acted = 0;
    for (const order of stale) acted += (await this.recover(order)) ? 1 : 0;
    if (acted > 0) this.logger.log(`recovered ${acted} unfinished order(s)`);
    return acted;
  }

  private async recover(order: OrderRecord): Promise<boolean> {
    const jobId = await this.currentJobId(order);
    const job = await this.producer.state(jobId);
    switch (job.state) {
      case 'missing':
        if (jobId === order.id) await this.producer.enqueue(order.id, toJobTrade(order));
        else await this.producer.enqueueAgain(order.id, toJobTrade(order), order.lastSeq);
        return true;
      case 'failed':
        await this.lifecycle.record(order.id, {
          status: 'failed',
          attempt: Math.max(order.attempts, job.attemptsMade),
          details: {
            error: { code: 'EXECUTION_ABORTED', message: job.failedReason ?? 'the execution job failed' },
            attempts: Math.max(order.attempts, job.attemptsMade),
          },
        });
        return true;
      case 'completed':
        await this.producer.rerun(jobId);
        return true;
      default:
        return false;
    }
  }

  /** The job running the order now: its first job, or the one its trigger added for its last resting state. */
  private async currentJobId(order: OrderRecord): Promise<string> {
    const lastWaiting = (await this.orders.events(order.id)).findLast((event) => event.status === 'waiting');
    return lastWaiting ? triggerJobId(order.id, lastWaiting.seq) : order.id;
  }
}
