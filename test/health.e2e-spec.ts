import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { useEngine } from './support/test-app.js';
import { waitUntil } from './support/wait.js';

describe('health: live and ready', () => {
  const context = useEngine();
  const ready = () => getJson(context.engine.baseUrl, '/api/health/ready');

  it('is ready with Redis, the database and its worker up, and turns not-ready (in bounded time) while Redis is down', async () => {
    expect(await ready()).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { shutdown: { status: 'up' }, redis: { status: 'up' }, database: { status: 'up' }, worker: { status: 'up' } } },
    });
    await context.redis.stop();
    const started = Date.now();
    const down = await ready();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(down).toMatchObject({ status: 503, body: { status: 'error', error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } } });
    expect(down.headers.get('retry-after')).toBe('2');
    expect(await getJson(context.engine.baseUrl, '/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });

    await context.redis.restart();
    await waitUntil(async () => (await ready()).status === 200, 15_000, 'ready again once Redis is back');
  });
});

/** The engine in its own process, as deployed: SIGTERM with work in flight, and with Redis gone. */
describe('SIGTERM', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: EngineProcess | undefined;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
  });
  afterAll(async () => {
    await engine?.kill('SIGKILL');
    await redis?.remove();
    await schema?.drop();
  });

  const start = (env: Record<string, string> = {}) =>
    startEngineProcess({
      REDIS_URL: redis.url,
      DATABASE_URL: schema.url,
      REDIS_KEY_PREFIX: `sigterm${Date.now()}`,
      SIM_QUOTE_DELAY_MS: '0',
      SIM_SETTLE_DELAY_MS: '1500',
      SHUTDOWN_TIMEOUT_MS: '4000',
      PRICE_SAMPLE_MS: '0',
      ...env,
    });

  it('turns not-ready and refuses new orders (503 SHUTTING_DOWN) at once, while an order in flight drains to confirmed', async () => {
    engine = await start();
    const { orderId } = (await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC)).body;
    await waitUntil(async () => (await getJson(engine!.baseUrl, `/api/orders/${orderId}`)).body.status === 'submitted', 5_000, 'the order in flight');
    engine.child.kill('SIGTERM');
    await waitUntil(async () => (await getJson(engine!.baseUrl, '/api/health/ready')).status === 503, 2_000, 'not ready');
    const refused = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    expect(refused).toMatchObject({ status: 503, body: { code: 'SHUTTING_DOWN' } });
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await engine.exited).toBe(0);
    engine = undefined;
    const after = await start();
    expect((await getJson(after.baseUrl, `/api/orders/${orderId}`)).body.status).toBe('confirmed');
    await after.kill('SIGKILL');
  });

  it('exits within SHUTDOWN_TIMEOUT_MS when Redis is unreachable', async () => {
    engine = await start();
    await redis.stop();
    const signalledAt = Date.now();
    engine.child.kill('SIGTERM');
    await engine.exited;
    const tookMs = Date.now() - signalledAt;
    engine = undefined;
    await redis.restart();
    expect(tookMs).toBeLessThan(4_000 + 1_000);
  });
});
