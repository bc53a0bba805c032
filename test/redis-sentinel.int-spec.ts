import { postJson, SOL_USDC } from './support/http.js';
import { SENTINEL_MASTER, startTestRedisSentinel, type TestRedisSentinel } from './support/redis-sentinel.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitUntil } from './support/wait.js';
import { TestWsClient } from './support/ws-client.js';

/** The engine finds Redis through a Sentinel, and follows it to the new master after a failover. */
describe('the engine behind Redis Sentinel', () => {
  let sentinel: TestRedisSentinel;
  let engine: TestApp;

  beforeAll(async () => {
    sentinel = await startTestRedisSentinel();
    // REDIS_URL only supplies credentials (none here); the sentinels say where the master is.
    engine = await startTestApp('redis://127.0.0.1:1', { REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_MASTER: SENTINEL_MASTER });
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    await sentinel?.remove();
  });

  async function confirmedOrder(): Promise<void> {
    let orderId: string | undefined;
    // During a failover the engine answers 503 until it has found the new master: retry, as a client would.
    await waitUntil(
      async () => {
        const response = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
        orderId = response.status === 202 ? response.body.orderId : undefined;
        return orderId !== undefined;
      },
      30_000,
      'an accepted order',
    );
    const client = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws/${orderId}`);
    expect((await client.waitForTerminal(orderId!, 30_000)).status).toBe('confirmed');
  }

  it('executes orders through the master the sentinel names, and again after the master dies and the replica is promoted', async () => {
    await confirmedOrder();
    await sentinel.failover();
    await confirmedOrder();
  }, 90_000);
});
