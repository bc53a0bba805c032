import type { OrderLifecycleEvent } from '../src/contracts/order-lifecycle.js';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { FixedClock, useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';
import { waitUntil } from './support/wait.js';

const WINDOW_MS = 3_000;
type WaitingEvent = Extract<OrderLifecycleEvent, { status: 'waiting' }>;

/** The queue's rate limit holding orders back says so: in the order's pending event and in /api/stats. */
describe('orders held back by the queue rate limit', () => {
  const context = useEngine({ QUEUE_RATE_MAX: '2', QUEUE_RATE_WINDOW_MS: String(WINDOW_MS) });

  it("carry the reason and the expected start in their pending event; /api/stats shows the limiter's state", async () => {
    const base = context.engine.baseUrl;
    const first = await Promise.all([1, 2, 3].map(() => postJson(base, '/api/orders/execute', SOL_USDC)));
    // Two start, the third waits for the next window: the limiter says it is holding.
    await waitUntil(async () => (await getJson(base, '/api/stats')).body.limiter?.holding === true, 5_000, 'the limiter to hold');
    const { body: stats } = await getJson(base, '/api/stats');
    expect(stats.limiter).toMatchObject({ maxJobs: 2, windowMs: WINDOW_MS, startedInWindow: 2, holding: true, jobsWaiting: expect.any(Number) });
    expect(stats.limiter.windowLeftMs).toBeGreaterThan(0);

    const placedAt = Date.now();
    const held = await postJson(base, '/api/orders/execute', SOL_USDC);
    const client = await TestWsClient.connect(held.body.wsUrl);
    const pending = (await client.waitForStatus(held.body.orderId, 'pending')) as any;
    expect(pending.queued).toMatchObject({ reason: 'QUEUE_RATE_LIMIT', message: expect.stringContaining('QUEUE_RATE_MAX'), jobsAhead: expect.any(Number) });
    const expectedStart = Date.parse(pending.queued.expectedStartAt);
    expect(expectedStart).toBeGreaterThan(placedAt);
    expect(expectedStart).toBeLessThanOrEqual(placedAt + 2 * WINDOW_MS);
    // It does start, in a later window.
    await client.waitForStatus(held.body.orderId, 'confirmed', 4 * WINDOW_MS);
    for (const response of first) await (await TestWsClient.connect(response.body.wsUrl)).waitForStatus(response.body.orderId, 'confirmed', 4 * WINDOW_MS);
  });
});

/** A resting order whose terms are met while the limit holds says so before it waits for its turn. */
describe('a limit order fired while the queue rate limit holds', () => {
  const clock = new FixedClock(Date.UTC(2026, 0, 1));
  const context = useEngine({ SIM_SEED: '42', TRIGGER_INTERVAL_MS: '20', QUEUE_RATE_MAX: '2', QUEUE_RATE_WINDOW_MS: String(WINDOW_MS) }, { clock });

  it('gets a new waiting event with queued {reason, expectedStartAt}, then fills', async () => {
    const base = context.engine.baseUrl;
    const price = (await getJson(base, '/api/quote?inputToken=SOL&outputToken=USDC&amount=2')).body.route.price as number;
    const limit = await postJson(base, '/api/orders/execute', {
      type: 'limit',
      side: 'sell',
      inputToken: 'SOL',
      outputToken: 'USDC',
      amount: '2',
      limitPrice: (price * 1.002).toFixed(4),
    });
    const client = await TestWsClient.connect(limit.body.wsUrl);
    await client.waitForStatus(limit.body.orderId, 'waiting');

    // Three small buys of SOL: two start, the third waits for the next window, and the limiter holds.
    const buys = await Promise.all(
      [1, 2, 3].map(() => postJson(base, '/api/orders/execute', { type: 'market', inputToken: 'USDC', outputToken: 'SOL', amount: '1' })),
    );
    await waitUntil(async () => (await getJson(base, '/api/stats')).body.limiter?.holding === true, 5_000, 'the limiter to hold');
    // Another trader lifts SOL's price on raydium past the limit: the trigger fires into the held limit.
    await postJson(base, '/api/simulation/swaps', { venue: 'raydium', inputToken: 'USDC', outputToken: 'SOL', amount: '300000' });

    const held = (
      await client.waitFor((f) => f.event === 'order.status' && f.data.orderId === limit.body.orderId && 'queued' in f.data && f.data.status === 'waiting')
    ).data as WaitingEvent;
    expect(held).toMatchObject({ reason: expect.stringContaining('rate limit'), queued: { reason: 'QUEUE_RATE_LIMIT', jobsAhead: expect.any(Number) } });
    expect(Date.parse(held.queued!.expectedStartAt)).toBeGreaterThan(Date.now() - 1_000);
    await client.waitForStatus(limit.body.orderId, 'confirmed', 4 * WINDOW_MS);
    expect(client.statuses(limit.body.orderId)).toEqual(['pending', 'waiting', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    expect(buys.map((response) => response.status)).toEqual([202, 202, 202]);
  });
});
