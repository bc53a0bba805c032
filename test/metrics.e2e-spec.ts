import { SOL_USDC } from './support/http.js';
import { freePort, startTestRedis } from './support/redis-server.js';
import { startTestApp, useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const ADMIN = 'ops-key-0123456789abcdefghi';
const TRADER = 'bot-key-0123456789abcdefghi';

/** The value of one sample in Prometheus text (0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('GET /metrics and METRICS_PORT', () => {
  const context = useEngine({ API_KEYS: `ops:${ADMIN}:admin,bot:${TRADER}` });

  // Prometheus text is not JSON: only the status matters here.
  const scrape = async (key?: string) => (await fetch(`${context.engine.baseUrl}/metrics`, { headers: key ? { 'x-api-key': key } : {} })).status;

  it("is an admin key's only, and its counters move after an order", async () => {
    expect(await scrape()).toBe(401);
    expect(await scrape('not-a-configured-key-at-all')).toBe(401);
    expect(await scrape(TRADER)).toBe(403);
    // Prometheus scrapes with basic_auth (the key as the password) or a bearer token: both work.
    const basic = `Basic ${Buffer.from(`prometheus:${ADMIN}`).toString('base64')}`;
    expect((await fetch(`${context.engine.baseUrl}/metrics`, { headers: { authorization: basic } })).status).toBe(200);
    expect((await fetch(`${context.engine.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    const before = await fetch(`${context.engine.baseUrl}/metrics`, { headers: { 'x-api-key': ADMIN } }).then((r) => r.text());

    const client = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`, 5_000, { headers: { 'x-api-key': TRADER } });
    client.send('execute', SOL_USDC);
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    await client.waitForStatus((accepted.data as { orderId: string }).orderId, 'confirmed');

    const response = await fetch(`${context.engine.baseUrl}/metrics`, { headers: { 'x-api-key': ADMIN } });
    expect(response.headers.get('content-type')).toContain('text/plain');
    const after = await response.text();
    expect(sample(after, 'oee_orders_finished_total', 'status="confirmed"') - sample(before, 'oee_orders_finished_total', 'status="confirmed"')).toBe(1);
    for (const stage of ['pending', 'routing', 'building', 'submitted']) {
      expect(sample(after, 'oee_order_stage_seconds_count', `stage="${stage}"`)).toBeGreaterThan(
        sample(before, 'oee_order_stage_seconds_count', `stage="${stage}"`),
      );
    }
    expect(sample(after, 'oee_submit_duration_seconds_count', 'outcome="accepted"')).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, 'oee_venue_quotes_total', 'venue="raydium",outcome="ok"') + sample(after, 'oee_venue_quotes_total', 'venue="meteora",outcome="ok"'),
    ).toBeGreaterThan(0);
    expect(sample(after, 'oee_ws_connections')).toBe(1);
    expect(sample(after, 'oee_queue_jobs', 'state="completed"')).toBeGreaterThanOrEqual(1);
    expect(after).toContain('oee_resting_orders 0');
    expect(after).toContain('oee_process_resident_memory_bytes');
    client.close();
  });
});

describe('METRICS_PORT', () => {
  it('a worker process (no other HTTP) serves the metrics on a port of its own', async () => {
    const [redis, port] = [await startTestRedis(), await freePort()];
    const engine = await startTestApp(redis.url, { METRICS_PORT: `${port}`, ENGINE_ROLE: 'worker' });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('oee_orders_finished_total');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await engine.close();
      await redis.remove();
    }
  });
});
