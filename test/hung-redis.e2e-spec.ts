import { getJson, postJson, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';
import { waitUntil } from './support/wait.js';

const BOUND_MS = 3_000;

async function timed(path: string, init?: RequestInit): Promise<{ status: number; ms: number; retryAfter: string | null; body: any }> {
  const started = Date.now();
  const response = await fetch(path, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, ms: Date.now() - started, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined };
}

/**
 * A Redis that stops answering but keeps its connections open (SIGSTOP: as with a full network buffer or a
 * failover in progress). Before the fix a submit hung for minutes and reads until the client gave up.
 */
describe('a Redis that stops answering', () => {
  // The default per-client budgets (they live in Redis), as a user runs the engine.
  const context = useEngine({ SIM_SETTLE_DELAY_MS: '0', SIM_QUOTE_DELAY_MS: '0', RATE_LIMIT_READS: '6000', RATE_LIMIT_SUBMITS: '1200' });

  afterEach(() => context.redis.resume());

  it('leaves no request hanging: submits 503 with Retry-After, reads from PostgreSQL served, readiness false; all recovers after', async () => {
    const base = context.engine.baseUrl;
    const before = await postJson(base, '/api/orders/execute', SOL_USDC);
    await (await TestWsClient.connect(before.body.wsUrl)).waitForClose();

    context.redis.pause();
    const submit = await timed(`${base}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SOL_USDC),
    });
    expect(submit).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), body: { code: 'SERVICE_UNAVAILABLE' } });
    const limit = await timed(`${base}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...SOL_USDC, type: 'limit', limitPrice: '100000' }),
    });
    expect(limit).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    const list = await timed(`${base}/api/orders?limit=5`);
    expect(list).toMatchObject({ status: 200, body: { orders: expect.arrayContaining([expect.objectContaining({ orderId: before.body.orderId })]) } });
    const order = await timed(`${base}/api/orders/${before.body.orderId}`);
    expect(order).toMatchObject({ status: 200, body: { status: 'confirmed' } });
    const stats = await timed(`${base}/api/stats`);
    expect(stats).toMatchObject({ status: 200, body: { queue: null, orders: expect.objectContaining({ confirmed: expect.any(Number) }) } });
    const quote = await timed(`${base}/api/quote?inputToken=SOL&outputToken=USDC&amount=1`);
    expect(quote).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    const ready = await timed(`${base}/api/health/ready`);
    expect(ready).toMatchObject({ status: 503 });
    for (const answer of [submit, limit, list, order, stats, quote, ready]) expect(answer.ms).toBeLessThan(BOUND_MS);

    context.redis.resume();
    await waitUntil(async () => (await getJson(base, '/api/health/ready')).status === 200, 15_000, 'readiness to come back');
    const after = await postJson(base, '/api/orders/execute', SOL_USDC);
    expect(after.status).toBe(202);
    await expect((await TestWsClient.connect(after.body.wsUrl)).waitForStatus(after.body.orderId, 'confirmed')).resolves.toBeDefined();
    // Nothing accepted is lost: every order the engine holds ends.
    await waitUntil(
      async () => (await getJson(base, '/api/orders?limit=100')).body.orders.every((o: { status: string }) => ['confirmed', 'failed'].includes(o.status)),
      15_000,
      'every order to end',
    );
  });
});
