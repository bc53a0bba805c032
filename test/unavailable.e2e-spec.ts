import { DependencyUnavailableError } from '../src/common/errors/request.errors.js';
import { SqlClient } from '../src/database/sql-client.js';
import { OrderExecutionProducer } from '../src/queue/order-execution.producer.js';
import { testServerUrl } from './support/database.js';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a backing service is unreachable', () => {
  let redis: TestRedis;
  let engine: TestApp;

  beforeEach(async () => {
    redis = await startTestRedis();
    engine = await startTestApp(redis.url, { SHUTDOWN_TIMEOUT_MS: '2000' });
  });

  afterEach(async () => {
    try {
      await engine?.close().catch(() => undefined);
    } finally {
      await redis?.remove();
    }
  });

  it('answers 503 while Redis is down, stores nothing, and accepts orders again once it is back', async () => {
    const before = (await getJson(engine.baseUrl, '/api/orders?limit=100')).body.orders.length;
    await redis.stop();

    const refused = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('Redis') });
    expect((await getJson(engine.baseUrl, '/api/orders?limit=100')).body.orders).toHaveLength(before);

    await redis.restart();
    const accepted = await eventually(
      async () => {
        const response = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
        return response.status === 202 ? response : undefined;
      },
      10_000,
      'the engine to accept orders again',
    );
    expect(accepted.body.status).toBe('pending');
  });

  it('answers 503 while the database is down and queues nothing', async () => {
    const producer = engine.app.get(OrderExecutionProducer);
    const jobsBefore = await producer.counts();
    await engine.sql.close();

    const refused = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('database') });
    expect((await getJson(engine.baseUrl, '/api/orders/00000000-0000-4000-8000-000000000000')).status).toBe(503);
    expect(await producer.counts()).toEqual(jobsBefore);
  });

  it('closes a per-order WebSocket with 1011 and a hint to reconnect while the database is down', async () => {
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    await engine.sql.close();
    const client = await TestWsClient.connect(body.wsUrl);
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('reconnect'), orderId: body.orderId });
    expect(await client.waitForClose()).toBe(1011);
  });

  it('answers every endpoint within a few seconds while Redis is down: 503 with Retry-After, never a hang', async () => {
    await redis.stop();
    for (const path of ['/api/stats', '/api/orders', '/api/quote?inputToken=SOL&outputToken=USDC&amount=1', '/api/prices?pair=SOL-USDC']) {
      const started = Date.now();
      const response = await fetch(`${engine.baseUrl}${path}`);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect([200, 503]).toContain(response.status);
      if (path === '/api/stats') expect(await response.clone().json()).toMatchObject({ queue: null });
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toBe('2');
        expect(['SERVICE_UNAVAILABLE', 'ALL_VENUES_FAILED']).toContain((await response.json()).code);
      }
    }
  });

  it('answers 503 (not 500) when the database refuses our login', async () => {
    const refused = SqlClient.connect(testServerUrl().replace(/:\/\/([^:]+):[^@]+@/, '://$1:wrong-password@'), 1);
    await expect(refused.query('SELECT 1')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await refused.close();
  });
});
