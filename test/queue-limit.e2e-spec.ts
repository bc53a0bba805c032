import { getJson, postJson, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';
import { waitUntil } from './support/wait.js';

const WINDOW_MS = 3_000;

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
