import { expectPoolsEqualVaults, landedWithMemo, startChainApp } from './support/chain.js';
import { getJson, postJson } from './support/http.js';
import { waitUntil } from './support/wait.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import type { TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const ORDERS = 10;

/**
 * Redis (the queue, the venues' state and their reservations) restarted under an engine settling swaps on a
 * network: every accepted order still reaches a terminal state, each confirmed one has exactly one successful
 * transaction with its memo on chain and a failed one none, and the pools equal their vaults afterwards.
 */
describe('Redis restarted while swaps are on chain', () => {
  let redis: TestRedis;
  let solana: TestSolana;
  let engine: TestApp;

  beforeAll(async () => {
    // Persistent, as the embedded Redis is: what was written before the restart is there after it.
    [redis, solana] = await Promise.all([startTestRedis({ persistent: true }), startTestSolana()]);
    engine = await startChainApp(redis.url, solana, {
      ORDER_ATTEMPTS: '5',
      ORDER_BACKOFF_MS: '200',
      LANDING_POLL_MS: '200',
    });
  });

  afterAll(async () => {
    await engine?.close();
    await Promise.all([solana?.stop(), redis?.remove()]);
  });

  it('every order is terminal, each confirmed one landed once, a failed one never; the pools equal their vaults', async () => {
    const client = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws`);
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const { status, body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.2' });
      expect(status).toBe(202);
      ids.push(body.orderId);
      client.send('subscribe', { orderId: body.orderId });
    }
    await Promise.any(ids.map((id) => client.waitForStatus(id, 'submitted', 30_000)));

    await redis.stop();
    const unsettled = ids.filter((id) => !client.statuses(id).some((s) => s === 'confirmed' || s === 'failed'));
    // Down long enough for the engine to see it (readiness says so), with swaps still in flight.
    await waitUntil(async () => (await getJson(engine.baseUrl, '/api/health/ready')).status === 503, 10_000, 'Redis seen down');
    await redis.restart();
    expect(unsettled.length).toBeGreaterThan(0);

    const finals = await Promise.all(ids.map((id) => client.waitForTerminal(id, 90_000)));
    for (const [i, id] of ids.entries()) {
      const final: any = finals[i];
      const onChain = await landedWithMemo(engine.baseUrl, solana.rpcUrl, id);
      expect({ id, status: final.status, onChain }).toEqual({ id, status: final.status, onChain: final.status === 'confirmed' ? [final.txHash] : [] });
      expect(client.statuses(id).filter((s) => s === 'confirmed' || s === 'failed')).toHaveLength(1);
    }
    expect(finals.filter((final: any) => final.status === 'confirmed').length).toBeGreaterThan(0);
    await expectPoolsEqualVaults(engine.app);
  }, 150_000);
});
