import { Redis } from 'ioredis';
import { eventsOfMessage, orderEventsChannel } from '../src/events/order-events.publisher.js';
import { RedisConnections } from '../src/redis/redis-connections.js';
import { openTestDatabase, type TestDatabase } from './support/database.js';
import { postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

/**
 * An API process reaches Redis through a proxy that can cut its pub/sub
 * connection and hold back the re-subscription; a worker process (which
 * publishes the order's events) reaches Redis directly. The order's last event
 * is published while the API process is not listening, and the client must
 * still see every event once, in order.
 */
describe('Redis pub/sub lost and back while an order runs', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let engine: TestApp;
  let worker: TestApp;
  let watcher: Redis;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), openTestDatabase()]);
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: redis.port }, '\r\nsubscribe\r\n');
    const env = { REDIS_KEY_PREFIX: `resync${Date.now()}`, SIM_SETTLE_DELAY_MS: '400' };
    engine = await startTestApp(`redis://127.0.0.1:${proxy.port}`, { ...env, ENGINE_ROLE: 'api' }, database);
    worker = await startTestApp(redis.url, { ...env, ENGINE_ROLE: 'worker' }, database);
    watcher = new Redis(redis.url);
    await watcher.subscribe(orderEventsChannel(engine.app.get(RedisConnections)));
  });

  afterAll(async () => {
    watcher?.disconnect();
    await worker?.close();
    await engine?.close();
    await proxy?.close();
    await redis?.remove();
    await database?.dispose();
  });

  /** Resolves when the engine publishes `status` for the order (seen by a subscriber of the test's own, straight on Redis). */
  const published = (orderId: string, status: string) =>
    new Promise<void>((resolve) => {
      const onMessage = (_channel: string, message: string) => {
        if (eventsOfMessage(message).some((e) => e.orderId === orderId && e.status === status)) {
          watcher.off('message', onMessage);
          resolve();
        }
      };
      watcher.on('message', onMessage);
    });

  it('resyncs from the store once subscribed again: the client sees seq 1..5 once each', async () => {
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    const confirmedPublished = published(body.orderId, 'confirmed');
    const client = await TestWsClient.connect(body.wsUrl);
    await client.waitForStatus(body.orderId, 'submitted');

    proxy.cut(); // the engine's subscriber is dropped; its new `subscribe` is held back
    await confirmedPublished; // …so this event goes out while nobody in the engine listens
    const beforeRelease = client.frames.filter((f) => f.event === 'order.status').map((f) => f.data.seq);
    proxy.release();

    await client.waitForStatus(body.orderId, 'confirmed', 10_000);
    expect(beforeRelease).toEqual([1, 2, 3, 4]);
    const seen = client.frames.filter((f) => f.event === 'order.status').map((f) => [f.data.seq, f.data.status]);
    expect(seen).toEqual([
      [1, 'pending'],
      [2, 'routing'],
      [3, 'building'],
      [4, 'submitted'],
      [5, 'confirmed'],
    ]);
  }, 20_000);
});
