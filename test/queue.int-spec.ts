import { Queue } from 'bullmq';
import { ORDER_QUEUE } from '../src/queue/order-execution.job.js';
import type { OrderLifecycleEvent } from '../src/contracts/order-lifecycle.js';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const time = (event: OrderLifecycleEvent) => Date.parse(event.at);

/** Places `count` orders and waits over WebSocket until each is terminal; returns their stored events. */
async function runOrders(engine: TestApp, count: number, body: object = SOL_USDC): Promise<OrderLifecycleEvent[][]> {
  const client = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { body: accepted } = await postJson(engine.baseUrl, '/api/orders/execute', body);
    client.send('subscribe', { orderId: accepted.orderId });
    ids.push(accepted.orderId);
  }
  await Promise.all(ids.map((id) => client.waitForTerminal(id, 30_000)));
  client.close();
  return Promise.all(ids.map(async (id) => (await getJson(engine.baseUrl, `/api/orders/${id}`)).body.events));
}

/** The most orders whose [routing, terminal] intervals overlap at one instant. */
function maxOverlap(orders: OrderLifecycleEvent[][]): number {
  const edges = orders.flatMap((events) => {
    const start = time(events.find((e) => e.status === 'routing')!);
    const end = time(events[events.length - 1]);
    return [
      { at: start, delta: 1 },
      { at: end, delta: -1 },
    ];
  });
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let max = 0;
  for (const edge of edges) max = Math.max(max, (running += edge.delta));
  return max;
}

describe('queue semantics against a real Redis', () => {
  let redis: TestRedis;
  let engine: TestApp | undefined;

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  afterAll(async () => {
    await redis?.remove();
  });

  it('never runs more orders at once than QUEUE_CONCURRENCY, and does use all of it', async () => {
    engine = await startTestApp(redis.url, { QUEUE_CONCURRENCY: '3', SIM_SETTLE_DELAY_MS: '200' });
    const orders = await runOrders(engine, 12);
    expect(orders.every((events) => events[events.length - 1].status === 'confirmed')).toBe(true);
    expect(maxOverlap(orders)).toBe(3);
  });

  it('starts at most QUEUE_RATE_MAX orders per QUEUE_RATE_WINDOW_MS', async () => {
    engine = await startTestApp(redis.url, { QUEUE_RATE_MAX: '4', QUEUE_RATE_WINDOW_MS: '1000' });
    const orders = await runOrders(engine, 10);
    const queue = new Queue(ORDER_QUEUE, { connection: { url: redis.url }, prefix: `{${engine.config.redis.keyPrefix}}:bull` });
    const jobs = await Promise.all(orders.map((events) => queue.getJob(events[0].orderId)));
    await queue.close();
    // When BullMQ moved each job to active. Its limiter counts in fixed windows that open with the first job.
    const starts = jobs.map((job) => job!.processedOn!).sort((a, b) => a - b);
    const perWindow = new Map<number, number>();
    for (const start of starts) {
      const window = Math.floor((start - starts[0]) / 1000);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    expect([...perWindow.values()]).toEqual([4, 4, 2]);
  });

  it('retries a transient failure with exponential backoff and stores the final failure', async () => {
    engine = await startTestApp(redis.url, { SIM_FAILURE_RATE: '1', ORDER_ATTEMPTS: '3', ORDER_BACKOFF_MS: '200' });
    const [events] = await runOrders(engine, 1);
    expect(events.map((e) => e.status)).toEqual([
      'pending',
      ...['routing', 'building', 'submitted', 'retrying'],
      ...['routing', 'building', 'submitted', 'retrying'],
      ...['routing', 'building', 'submitted', 'failed'],
    ]);
    const retries = events.filter((e) => e.status === 'retrying') as any[];
    expect(retries.map((r) => [r.attempt, r.attemptsLeft, r.error.code])).toEqual([
      [1, 2, 'TX_DROPPED'],
      [2, 1, 'TX_DROPPED'],
    ]);
    retries.forEach((retry, i) => {
      const delay = Date.parse(retry.nextAttemptAt) - time(retry);
      expect(delay).toBeGreaterThanOrEqual(200 * 2 ** i - 5);
      expect(delay).toBeLessThanOrEqual(200 * 2 ** i + 50);
      // The next attempt really starts after the configured backoff (200 ms, then 400 ms), not merely says so:
      // the upper bound leaves room for a loaded machine yet catches a doubled or an undoubled delay.
      const nextRouting = events.find((e) => e.status === 'routing' && e.attempt === i + 2)!;
      const waited = time(nextRouting) - time(retry);
      expect(waited).toBeGreaterThanOrEqual(200 * 2 ** i - 5);
      expect(waited).toBeLessThanOrEqual(200 * 2 ** i + 150);
    });
    const failed = events[events.length - 1] as any;
    expect(failed).toMatchObject({ attempt: 3, attempts: 3, error: { code: 'TX_DROPPED' } });

    const order = (await getJson(engine.baseUrl, `/api/orders/${failed.orderId}`)).body;
    expect(order).toMatchObject({ status: 'failed', attempts: 3, failure: { code: 'TX_DROPPED' }, amountOut: null });
  });

  it('fails a permanent error at once, without retries', async () => {
    // A token listed without a reference price: no venue has a pool of it, so no route can ever reach it.
    const POPCAT = { symbol: 'POPCAT', mint: '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr', decimals: 9 };
    engine = await startTestApp(redis.url, { ORDER_ATTEMPTS: '3', EXTRA_TOKENS: JSON.stringify([POPCAT]) });
    const [events] = await runOrders(engine, 1, { ...SOL_USDC, inputToken: 'SOL', outputToken: 'POPCAT' });
    expect(events.map((e) => e.status)).toEqual(['pending', 'failed']);
    expect(events[1]).toMatchObject({ attempt: 1, attempts: 1, error: { code: 'NO_ROUTE', message: 'No venue trades SOL/POPCAT' } });
  });
});
