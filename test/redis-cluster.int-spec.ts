import { Cluster } from 'ioredis';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { startTestRedisCluster, type TestRedisCluster } from './support/redis-cluster.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitUntil } from './support/wait.js';
import { TestWsClient } from './support/ws-client.js';

describe('the engine on a three-node Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let engine: TestApp;

  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    engine = await startTestApp(cluster.firstUrl, { REDIS_CLUSTER_NODES: cluster.nodes, PRICE_SAMPLE_MS: '50' });
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    await cluster?.remove();
  });

  it('queues, executes, settles and streams orders: every key and script on one slot', async () => {
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => (await postJson(engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, amount: `${i}.5` })).body.orderId as string),
    );
    const confirmed = await Promise.all(
      ids.map(async (id) => {
        const client = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws/${id}`);
        return client.waitForStatus(id, 'confirmed', 20_000);
      }),
    );
    expect(confirmed.map((event) => event.status)).toEqual(Array(5).fill('confirmed'));

    const redis = new Cluster([{ host: '127.0.0.1', port: Number(cluster.nodes.split(',')[0].split(':')[1]) }]);
    try {
      const prefix = `{${engine.config.redis.keyPrefix}}`;
      const slot = Number(await redis.cluster('KEYSLOT', prefix));
      for (const key of [`${prefix}:sim-chain:tx:${(confirmed[0] as any).txHash}`, `${prefix}:bull:order-execution:${ids[0]}`]) {
        expect(Number(await redis.cluster('KEYSLOT', key))).toBe(slot);
        expect(await redis.exists(key)).toBe(1);
      }
    } finally {
      redis.disconnect();
    }
    // The price sampler (a worker's periodic job) writes through the cluster too.
    await waitUntil(async () => (await getJson(engine.baseUrl, '/api/prices?pair=SOL-USDC')).body.points.length > 0, 10_000, 'a price sample');
  }, 60_000);
});
