import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { TestWsClient } from './support/ws-client.js';

/**
 * A graceful stop of one engine process (`npm start`, ENGINE_ROLE=all) with a client following an order in
 * flight: it stops accepting, lets the order finish, delivers its events, then closes the socket with 1001.
 */
describe('a graceful stop', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: EngineProcess;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
  });

  afterAll(async () => {
    await engine?.kill('SIGKILL');
    await Promise.all([redis?.remove(), schema?.drop()]);
  });

  it('delivers the end of an order in flight to its followers, then closes the sockets still open with 1001 and a reason', async () => {
    engine = await startEngineProcess({
      REDIS_URL: redis.url,
      DATABASE_URL: schema.url,
      REDIS_KEY_PREFIX: `stop${Date.now()}`,
      SIM_QUOTE_DELAY_MS: '0',
      SIM_SETTLE_DELAY_MS: '1500',
      PRICE_SAMPLE_MS: '0',
    });
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    // One follows the order's own URL (closed with 1000 once the order is done), one follows it on the shared
    // endpoint, which stays open for more orders until the server goes away.
    const own = await TestWsClient.connect(body.wsUrl);
    const shared = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws`);
    shared.send('subscribe', { orderId: body.orderId });
    await Promise.all([own.waitForStatus(body.orderId, 'submitted'), shared.waitForStatus(body.orderId, 'submitted')]);
    const closes = [own, shared].map(
      (client) =>
        new Promise<{ code: number; reason: string }>((resolve) => client.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    );

    engine.child.kill('SIGTERM');

    for (const client of [own, shared]) await expect(client.waitForStatus(body.orderId, 'confirmed')).resolves.toMatchObject({ status: 'confirmed' });
    await expect(closes[0]).resolves.toEqual({ code: 1000, reason: 'order finished' });
    await expect(closes[1]).resolves.toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await engine.exited).toBe(0);
  });
});
