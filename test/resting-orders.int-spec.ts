import { randomBytes } from 'node:crypto';
import { encodeBase58 } from '../src/common/base58.js';
import { getJson, postJson, request } from './support/http.js';
import { migrate } from '../src/database/migrations.js';
import { SqlClient } from '../src/database/sql-client.js';
import { createTestSchema, type TestSchema } from './support/database.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { FixedClock, startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

// A seeded market on a fixed clock: only swaps move prices. Both engines share Redis (queue, pools) and the database.
const ENV = { SIM_SEED: '42', TRIGGER_INTERVAL_MS: '20', REDIS_KEY_PREFIX: 'resting' };
const clock = new FixedClock(Date.UTC(2026, 0, 1));
const LIMIT_SELL = { type: 'limit', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: '1' } as const;
const LIFT_SOL = { venue: 'raydium', inputToken: 'USDC', outputToken: 'SOL', amount: '300000' };
const LAUNCH = { decimals: 6, venue: 'meteora', quoteToken: 'SOL', priceUsd: 0.001, liquidityUsd: 300_000 };

describe('resting orders across restarts and races', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: TestApp | undefined;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
    const client = SqlClient.connect(schema.url, 1);
    await migrate(client);
    await client.close();
  });
  afterAll(async () => {
    await engine?.close();
    await redis?.remove();
    await schema?.drop();
  });

  // Each engine gets its own pool on the shared schema: an engine closes its pool when it stops.
  const start = async () => (engine = await startTestApp(redis.url, ENV, SqlClient.connect(schema.url, 5), { clock }));
  const spotOf1Sol = async (app: TestApp) => (await getJson(app.baseUrl, '/api/quote?inputToken=SOL&outputToken=USDC&amount=1')).body.route.price as number;
  const statuses = async (app: TestApp, orderId: string) =>
    ((await getJson(app.baseUrl, `/api/orders/${orderId}`)).body.events as { status: string }[]).map((e) => e.status);

  async function placeResting(app: TestApp, count: number, body: object): Promise<string[]> {
    const watcher = await TestWsClient.connect(`${app.wsBaseUrl}/api/orders/ws`);
    watcher.send('subscribe', { orderId: '*' });
    await watcher.waitFor((f) => f.event === 'subscribed');
    const ids = await Promise.all(Array.from({ length: count }, async () => (await postJson(app.baseUrl, '/api/orders/execute', body)).body.orderId as string));
    await Promise.all(ids.map((id) => watcher.waitForStatus(id, 'waiting')));
    watcher.close();
    return ids;
  }

  it('resting orders survive a restart, keep their trigger and fire exactly once; an expiry that passed while down is applied', async () => {
    const first = await start();
    const limitPrice = ((await spotOf1Sol(first)) * 1.001).toFixed(4);
    const resting = await placeResting(first, 20, { ...LIMIT_SELL, limitPrice });
    const expiresAt = new Date(Date.now() + 1_000).toISOString();
    const [expiring] = await placeResting(first, 1, { ...LIMIT_SELL, limitPrice: '100000', expiresAt });
    // Sniper orders for a token not launched yet, and a token launched before the restart.
    const [unlaunched, launchedBefore] = [encodeBase58(randomBytes(32)), encodeBase58(randomBytes(32))];
    const snipers = await placeResting(first, 5, { type: 'sniper', inputToken: 'SOL', outputToken: unlaunched, amount: '0.2', slippageBps: 500 });
    expect((await postJson(first.baseUrl, '/api/simulation/launches', { ...LAUNCH, symbol: 'BEFORE', mint: launchedBefore })).status).toBe(201);
    await first.close();
    engine = undefined;
    // The engine is down while the expiry passes.
    while (Date.now() <= Date.parse(expiresAt)) await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 1));

    const second = await start();
    const watcher = await TestWsClient.connect(`${second.wsBaseUrl}/api/orders/ws`);
    for (const orderId of [...resting, expiring]) watcher.send('subscribe', { orderId });
    await watcher.waitForStatus(expiring, 'expired');
    expect((await postJson(second.baseUrl, '/api/simulation/swaps', LIFT_SOL)).status).toBe(200);
    await Promise.all(resting.map((id) => watcher.waitForStatus(id, 'confirmed')));

    for (const id of resting) expect(await statuses(second, id)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    expect(await statuses(second, expiring)).toEqual(['pending', 'waiting', 'expired']);

    // The restarted engine knows the earlier launch (applied at boot), and the sniper orders fire once on theirs.
    const tokens = (await getJson(second.baseUrl, '/api/tokens')).body.tokens as { mint: string }[];
    expect(tokens.map((t) => t.mint)).toContain(launchedBefore);
    for (const orderId of snipers) watcher.send('subscribe', { orderId });
    expect((await postJson(second.baseUrl, '/api/simulation/launches', { ...LAUNCH, symbol: 'AFTER', mint: unlaunched })).status).toBe(201);
    await Promise.all(snipers.map((id) => watcher.waitForStatus(id, 'confirmed')));
    for (const id of snipers) expect(await statuses(second, id)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    watcher.close();
  }, 60_000);

  it('cancels racing triggered executions, for 150 orders at once: each order is cancelled or settled, never both', async () => {
    const app = engine ?? (await start());
    const limitPrice = ((await spotOf1Sol(app)) * 1.001).toFixed(4);
    const resting = await placeResting(app, 150, { ...LIMIT_SELL, limitPrice });
    const watcher = await TestWsClient.connect(`${app.wsBaseUrl}/api/orders/ws`);
    for (const orderId of resting) watcher.send('subscribe', { orderId });

    // The market crosses every limit; once the first triggered order executes, a cancel for each order goes out.
    expect((await postJson(app.baseUrl, '/api/simulation/swaps', LIFT_SOL)).status).toBe(200);
    await watcher.waitFor((f) => f.event === 'order.status' && f.data.status === 'routing');
    const cancels = await Promise.all(resting.map((id) => request(app.baseUrl, `/api/orders/${id}`, { method: 'DELETE' })));
    const terminal = await Promise.all(resting.map((id) => watcher.waitForTerminal(id, 30_000)));

    resting.forEach((id, i) => {
      const cancel = cancels[i];
      const history = watcher.statuses(id);
      if (cancel.status === 200) {
        expect(terminal[i].status).toBe('cancelled');
        expect(history).toEqual(['pending', 'waiting', 'cancelled']);
      } else {
        expect(cancel.body).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE' });
        expect(terminal[i].status).toBe('confirmed');
        expect(history).not.toContain('cancelled');
      }
    });
    // The order whose routing was seen had started: its cancel lost.
    expect(terminal.filter((event) => event.status === 'confirmed').length).toBeGreaterThanOrEqual(1);
    watcher.close();
  }, 60_000);
});
