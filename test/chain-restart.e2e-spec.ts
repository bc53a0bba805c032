import { expectPoolsEqualVaults, landedWithMemo, startChainApp } from './support/chain.js';
import { FaultyRpc } from './support/faulty-rpc.js';
import { postJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import type { TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

/**
 * The local network restarted empty under a running engine (its genesis changes, every account is gone): the
 * engine notices, sets the market up on it again (mints, pools, the wallet's funds), and the order whose
 * transaction went to the old network is settled as NETWORK_RESET and confirmed on the new one, once.
 */
describe('the local network restarted empty mid-run', () => {
  let redis: TestRedis;
  let first: TestSolana;
  let second: TestSolana | undefined;
  let proxy: FaultyRpc;
  let engine: TestApp;

  beforeAll(async () => {
    [redis, first] = await Promise.all([startTestRedis(), startTestSolana()]);
    proxy = await FaultyRpc.start(first);
    engine = await startChainApp(redis.url, proxy, {
      ORDER_ATTEMPTS: '5',
      ORDER_BACKOFF_MS: '200',
      LANDING_POLL_MS: '200',
    });
  });

  afterAll(async () => {
    await engine?.close();
    await proxy?.close();
    await Promise.all([first?.stop(), second?.stop(), redis?.remove()]);
  });

  it('the order sent to the old network is confirmed on the new one, once; the market is there again', async () => {
    proxy.dropSends = Number.MAX_SAFE_INTEGER;
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.5' });
    const client = await TestWsClient.connect(body.wsUrl);
    const lost: any = await client.waitForStatus(body.orderId, 'submitted');
    expect(lost.network.genesisHash).toBe(first.genesisHash);

    second = await startTestSolana();
    proxy.retarget(second);
    proxy.dropSends = 0;
    await first.stop();

    const retrying: any = await client.waitForStatus(body.orderId, 'retrying', 30_000);
    expect(retrying.error.code).toBe('NETWORK_RESET');
    const confirmed: any = await client.waitForStatus(body.orderId, 'confirmed', 60_000);
    const resent = (client.events(body.orderId) as any[]).filter((e) => e.status === 'submitted').at(-1);
    expect(resent.network.genesisHash).toBe(second.genesisHash);

    expect(await landedWithMemo(engine.baseUrl, second.rpcUrl, body.orderId)).toEqual([confirmed.txHash]);
    await expectPoolsEqualVaults(engine.app);
    expect(engine.logs.some((line) => line.level === 'warn' && line.message.includes('the local network was restarted'))).toBe(true);
  });
});
