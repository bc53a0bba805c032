import { expectPoolsEqualVaults, landedWithMemo, startChainApp } from './support/chain.js';
import { FaultyRpc } from './support/faulty-rpc.js';
import { getJson, postJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import type { TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const DROP_ALL = Number.MAX_SAFE_INTEGER;

/**
 * What real networks do and a local one does not, through a fault-injecting JSON-RPC proxy in front of a real
 * local network (mainnet's RPC providers cannot run here): lost sends, lost notifications, an endpoint down,
 * blockhashes expiring. Every order ends terminal, each confirmed one with exactly one successful transaction
 * carrying its memo, and the pools' vaults equal the venues' state once nothing is pending.
 */
describe('orders on a network with faults', () => {
  let redis: TestRedis;
  let solana: TestSolana;
  let proxy: FaultyRpc;
  let engine: TestApp;

  beforeAll(async () => {
    [redis, solana] = await Promise.all([startTestRedis(), startTestSolana()]);
    proxy = await FaultyRpc.start(solana);
    engine = await startChainApp(redis.url, proxy, {
      FAUCET_SOL: '50',
      FAUCET_USD: '1000',
      LANDING_REBROADCAST_MS: '200',
      LANDING_POLL_MS: '200',
      ORDER_ATTEMPTS: '6',
      ORDER_BACKOFF_MS: '100',
    });
  });

  afterEach(() => {
    Object.assign(proxy, { dropSends: 0, dropNotifications: false, down: false });
  });

  afterAll(async () => {
    await engine?.close();
    await proxy?.close();
    await Promise.all([solana?.stop(), redis?.remove()]);
  });

  const place = async (amount = '0.5', inputToken = 'SOL', outputToken = 'USDC') => {
    const { status, body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken, outputToken, amount });
    expect(status).toBe(202);
    return { orderId: body.orderId as string, client: await TestWsClient.connect(body.wsUrl) };
  };

  const landed = (orderId: string) => landedWithMemo(engine.baseUrl, solana.rpcUrl, orderId);

  it('sends lost on the way are rebroadcast until one lands: one transaction, sent several times', async () => {
    proxy.dropSends = 3;
    const { orderId, client } = await place();
    const confirmed: any = await client.waitForStatus(orderId, 'confirmed', 30_000);
    expect(confirmed.network.sends).toBeGreaterThanOrEqual(4);
    expect(client.statuses(orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(await landed(orderId)).toEqual([confirmed.txHash]);
  });

  it('signature notifications lost: the status polling settles the order all the same', async () => {
    proxy.dropNotifications = true;
    const { orderId, client } = await place();
    const confirmed: any = await client.waitForStatus(orderId, 'confirmed', 30_000);
    expect(await landed(orderId)).toEqual([confirmed.txHash]);
  });

  it('every send lost until the blockhash expires: BLOCKHASH_EXPIRED, the pools get their side back, and the next attempt lands', async () => {
    proxy.dropSends = DROP_ALL;
    const { orderId, client } = await place();
    const retrying: any = await client.waitForStatus(orderId, 'retrying', 60_000);
    expect(retrying.error.code).toBe('BLOCKHASH_EXPIRED');
    proxy.dropSends = 0;
    const confirmed: any = await client.waitForStatus(orderId, 'confirmed', 30_000);
    const submitted = client.events(orderId).filter((e) => e.status === 'submitted') as any[];
    expect(submitted).toHaveLength(2);
    expect(submitted[1].txHash).not.toBe(submitted[0].txHash);
    expect(BigInt(submitted[1].network.lastValidBlockHeight)).toBeGreaterThan(BigInt(submitted[0].network.lastValidBlockHeight));
    expect(await landed(orderId)).toEqual([confirmed.txHash]);
    await expectPoolsEqualVaults(engine.app);
  });

  it('the RPC endpoint down: readiness says so, orders retry with RPC_UNAVAILABLE, and confirm once it answers again', async () => {
    const { orderId: warm, client: warmClient } = await place('0.1');
    await warmClient.waitForStatus(warm, 'confirmed', 30_000);
    proxy.down = true;
    const ready = await getJson(engine.baseUrl, '/api/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { error: { chain: { status: 'down' } } } });
    const { orderId, client } = await place('0.2');
    const retrying: any = await client.waitForStatus(orderId, 'retrying', 30_000);
    expect(retrying.error).toEqual({ code: 'RPC_UNAVAILABLE', message: expect.stringContaining('the Solana RPC endpoint did not answer') });
    proxy.down = false;
    const confirmed: any = await client.waitForStatus(orderId, 'confirmed', 30_000);
    expect(await landed(orderId)).toEqual([confirmed.txHash]);
  });

  it('an order the wallet cannot pay for fails with INSUFFICIENT_FUNDS before anything is sent, not retried', async () => {
    const sendsBefore = proxy.sends;
    const { balances } = (await getJson(engine.baseUrl, '/api/wallet')).body as { balances: { symbol: string; amount: string }[] };
    const usdc = balances.find((b) => b.symbol === 'USDC')!.amount;
    const { orderId, client } = await place('5000', 'USDC', 'SOL');
    const failed: any = await client.waitForStatus(orderId, 'failed', 30_000);
    expect(failed.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(failed.error.message).toBe(`the wallet holds ${usdc} base units of USDC, the order needs 5000000000`);
    expect(failed.attempts).toBe(1);
    expect(client.statuses(orderId)).not.toContain('submitted');
    expect(proxy.sends).toBe(sendsBefore);
  });

  it('after all that, every pool holds in its vaults exactly what the venue says, and the metrics tell the story', async () => {
    await expectPoolsEqualVaults(engine.app);
    const metrics = await (await fetch(`${engine.baseUrl}/metrics`)).text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(metrics)?.[1] ?? -1);
    // Five orders landed (one each test but the last), one transaction expired unlanded, one attempt met the RPC down.
    expect(value('oee_chain_transactions_total{outcome="landed"}')).toBe(5);
    expect(value('oee_chain_transactions_total{outcome="expired"}')).toBe(1);
    expect(value('oee_chain_rpc_failures_total')).toBeGreaterThanOrEqual(1);
    expect(value('oee_chain_sends_total')).toBeGreaterThanOrEqual(9);
    expect(value('oee_chain_fees_lamports_total')).toBeGreaterThanOrEqual(5 * 5_000);
  });
});
