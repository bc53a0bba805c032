import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { OrderRecovery } from '../src/execution/order-recovery.service.js';
import { OrderLifecycle } from '../src/order-store/order-lifecycle.service.js';
import { OrderQueries } from '../src/order-store/order-queries.port.js';
import { EXECUTE_ORDER_JOB, ORDER_QUEUE, rerunJobId, triggerJobId } from '../src/queue/order-execution.job.js';
import { OrderExecutionProducer } from '../src/queue/order-execution.producer.js';
import { RedisConnections } from '../src/redis/redis-connections.js';
import { orderStoreOf, storeMarketSell, type TestOrderStore } from './support/database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';

const GRACE_MS = 10_000;

/**
 * The recovery sweep on a real Redis and PostgreSQL, with no worker running:
 * the test puts each order's job in the state it wants, then sweeps from two
 * "processes" (two sweepers with their own Redis connections) at once.
 */
describe('the recovery sweep', () => {
  let redis: TestRedis;
  let engine: TestApp;
  let orders: TestOrderStore;
  let producer: OrderExecutionProducer;
  let queue: Queue;
  let connection: Redis;

  beforeAll(async () => {
    redis = await startTestRedis();
    engine = await startTestApp(redis.url, { ENGINE_ROLE: 'api' });
    orders = orderStoreOf(engine.app);
    producer = engine.app.get(OrderExecutionProducer);
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(ORDER_QUEUE, { connection, prefix: engine.app.get(RedisConnections).bullPrefix() });
  });

  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await engine?.close();
    await redis?.remove();
  });

  const sweeper = () =>
    new OrderRecovery(engine.app.get(OrderQueries, { strict: false }), producer, engine.app.get(OrderLifecycle), engine.app.get(RedisConnections));

  const accepted = (ageMs: number) => storeMarketSell(orders, { createdAt: new Date(Date.now() - ageMs) });

  /** Runs the given jobs to completion or failure with a worker of the test's own, then stops it. */
  async function settleJobs(outcomes: Record<string, 'completed' | 'failed'>): Promise<void> {
    const ids = Object.keys(outcomes);
    for (const id of ids) await queue.add(EXECUTE_ORDER_JOB, { orderId: id }, { jobId: id, attempts: 1 });
    const done = new Set<string>();
    let worker!: Worker;
    await new Promise<void>((resolve) => {
      const settled = (job?: Job) => job && done.add(job.id!).size === ids.length && resolve();
      worker = new Worker(
        ORDER_QUEUE,
        async (job: Job) => {
          if (outcomes[job.id!] === 'failed') throw new Error('stalled more than allowed');
          return { status: 'confirmed' };
        },
        { connection: connection.duplicate(), prefix: engine.app.get(RedisConnections).bullPrefix() },
      );
      worker.on('completed', settled).on('failed', settled);
    });
    await worker.close();
  }

  it('re-enqueues a missing job, stores a failed job as a failure, reruns a completed job of an unfinished order, spares young orders, and acts once across two sweepers', async () => {
    const [failedJob, completedJob] = [await accepted(60_000), await accepted(60_000)];
    await settleJobs({ [failedJob]: 'failed', [completedJob]: 'completed' });
    const [missingJob, young] = [await accepted(60_000), await accepted(0)];

    const acted = await Promise.all([sweeper().sweep(GRACE_MS), sweeper().sweep(GRACE_MS)]);

    expect(acted.sort()).toEqual([0, 3]); // one sweeper held the lock and acted on the three old orders
    expect((await producer.state(missingJob)).state).toBe('waiting');
    expect((await producer.state(completedJob)).state).toBe('waiting');
    expect((await producer.state(young)).state).toBe('missing'); // inside the grace window: maybe between insert and enqueue
    const failed = await orders.find(failedJob);
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'EXECUTION_ABORTED', message: 'stalled more than allowed' } });
    expect((await orders.events(failedJob)).map((e) => e.status)).toEqual(['pending', 'failed']);

    // A later sweep finds nothing more to do: queued jobs are left to the workers, a stored failure is final.
    expect(await sweeper().sweep(GRACE_MS)).toBe(0);
    expect((await orders.events(failedJob)).map((e) => e.status)).toEqual(['pending', 'failed']);
  });

  it("finds a fired order's job by the resting state its trigger saw: reruns it when it completed, queues a run of its own when it is gone", async () => {
    const lifecycle = engine.app.get(OrderLifecycle);
    // Rested (seq 2), then fired: its trigger's run began and is now between attempts (seq 3).
    const restedAndFired = async () => {
      const id = await accepted(60_000);
      const waiting = { reason: 'test', limitPrice: null, maxPrice: null, bestPrice: null, gapBps: null, expiresAt: null };
      await lifecycle.record(id, { status: 'waiting', attempt: 1, details: waiting });
      const error = { code: 'VENUE_ERROR', message: 'test' };
      await lifecycle.record(id, { status: 'retrying', attempt: 1, details: { error, nextAttemptAt: new Date().toISOString(), attemptsLeft: 2 } });
      return id;
    };
    const [completedTrigger, goneTrigger] = [await restedAndFired(), await restedAndFired()];
    await settleJobs({ [triggerJobId(completedTrigger, 2)]: 'completed' });

    // (The test's worker also ran the jobs the first test left waiting: the sweep reruns those too.)
    expect(await sweeper().sweep(GRACE_MS)).toBeGreaterThanOrEqual(2);
    expect((await producer.state(triggerJobId(completedTrigger, 2))).state).toBe('waiting');
    expect((await producer.state(completedTrigger)).state).toBe('missing'); // not its first job: that one had ended
    expect((await producer.state(rerunJobId(goneTrigger, 3))).state).toBe('waiting');
    expect((await producer.state(triggerJobId(goneTrigger, 2))).state).toBe('missing');
  });
});
