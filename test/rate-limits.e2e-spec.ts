import { openTestDatabase, type TestDatabase } from './support/database.js';
import { request, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const KEYS = { alice: 'alice-key-0123456789abcdef', bob: 'bob-key-0123456789abcdefgh' };

/** Two API processes on one Redis: a client's budget is the same whichever process it talks to. */
describe('rate limits, shared by every process', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let apps: TestApp[] = [];

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), openTestDatabase()]);
    const env = {
      REDIS_KEY_PREFIX: `limits${Date.now()}`,
      API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}`,
      RATE_LIMIT_SUBMITS: '4',
      RATE_LIMIT_READS: '6',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_WS_CONNECTIONS: '2',
      RATE_LIMIT_WS_SUBSCRIPTIONS: '3',
      PRICE_SAMPLE_MS: '0',
    };
    apps = [await startTestApp(redis.url, env, database), await startTestApp(redis.url, env, database)];
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await database?.dispose();
    await redis?.remove();
  });

  const as = (app: TestApp, key: string, path: string, init: RequestInit = {}) =>
    request(app.baseUrl, path, { ...init, headers: { 'x-api-key': key, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const submit = (app: TestApp, key: string) => as(app, key, '/api/orders/execute', { method: 'POST', body: JSON.stringify(SOL_USDC) });

  it('submits: 429 RATE_LIMITED with Retry-After past the budget, across both processes; another key has its own', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await submit(apps[i % 2], KEYS.alice));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 429, 429]);
    expect(answers[4].body).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = Number(answers[4].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await submit(apps[1], KEYS.bob)).status).toBe(202);

    // The WebSocket execute frame spends the same budget: an error frame with the same code.
    const client = await TestWsClient.connect(`${apps[0].wsBaseUrl}/api/orders/ws`, 5_000, { headers: { 'x-api-key': KEYS.alice } });
    client.send('execute', SOL_USDC);
    expect((await client.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    client.close();
  });

  it('reads have a budget of their own, per key (another key from the same address still reads); health never counts', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await as(apps[i % 2], KEYS.bob, '/api/orders')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await as(apps[0], KEYS.alice, '/api/orders')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await as(apps[0], KEYS.bob, '/api/health/live')).status).toBe(200);
  });

  it('caps open WebSocket connections per key (across processes) and subscriptions per connection, saying which', async () => {
    const connect = (app = apps[0]) => TestWsClient.connect(`${app.wsBaseUrl}/api/orders/ws`, 5_000, { headers: { 'x-api-key': KEYS.bob } });
    const [first, second] = [await connect(), await connect()];
    // The cap holds across processes: the third connection, on the other process, is refused.
    const third = await connect(apps[1]);
    expect((await third.waitFor((f) => f.event === 'error')).data).toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    expect(await third.waitForClose()).toBe(1008);
    second.close();
    await second.waitForClose();
    const again = await connect();
    again.send('subscribe', { orderId: '*' });
    await again.waitFor((f) => f.event === 'subscribed');
    again.close();

    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
    first.send('subscribe', { orderId: '*' });
    await first.waitFor((f) => f.event === 'subscribed');
    // With "*" and two resting orders (limits far above the market: they stay open) the connection is full.
    const resting = JSON.stringify({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: '1', limitPrice: '100000' });
    const mine = await Promise.all(
      [0, 1].map(async () => (await as(apps[1], KEYS.bob, '/api/orders/execute', { method: 'POST', body: resting })).body.orderId as string),
    );
    for (const orderId of mine) {
      first.send('subscribe', { orderId });
      await first.waitFor((f) => f.event === 'subscribed' && (f.data as { orderId: string }).orderId === orderId);
    }
    first.send('subscribe', { orderId: ids[0] });
    expect((await first.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    first.close();
  });
});
