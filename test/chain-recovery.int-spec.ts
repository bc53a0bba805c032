import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { landedWithMemo } from './support/chain.js';
import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { FaultyRpc } from './support/faulty-rpc.js';
import { getJson, postJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import { TestWsClient } from './support/ws-client.js';

const DROP_ALL = Number.MAX_SAFE_INTEGER;

/**
 * `kill -9` of an engine with a swap on chain, and the chain as the truth after it: the next engine settles each
 * order from what the network holds — confirmed once if its transaction landed, built again only once the
 * blockhash of the one it sent has expired unlanded — and the pools' vaults equal the venues' state after.
 */
describe('an engine killed with a swap on chain', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let solana: TestSolana;
  let proxy: FaultyRpc;
  let engine: EngineProcess | undefined;
  let walletsDir: string;

  beforeAll(async () => {
    walletsDir = mkdtempSync(join(tmpdir(), 'oee-chain-crash-'));
    [redis, schema, solana] = await Promise.all([startTestRedis(), createTestSchema(), startTestSolana()]);
    proxy = await FaultyRpc.start(solana);
  });

  afterEach(async () => {
    await engine?.kill();
    engine = undefined;
    Object.assign(proxy, { dropSends: 0, dropNotifications: false, down: false });
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([solana?.stop(), redis?.remove(), schema?.drop()]);
    rmSync(walletsDir, { recursive: true, force: true });
  });

  /**
   * An engine process with its wallet open (funded, if the faucet has anything to give it, before any fault: the
   * faucet's transactions go through the proxy too). `pollMs`: how often its landing reads the statuses of what it
   * sent (a minute: it learns of nothing but notifications).
   */
  const start = async (pollMs = 400) => {
    const started = await startEngineProcess(
      {
        CHAIN: 'solana',
        SOLANA_RPC_URL: proxy.rpcUrl,
        SOLANA_WS_URL: proxy.wsUrl,
        WALLETS_DIR: walletsDir,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: 'chaincrash',
        DATABASE_URL: schema.url,
        SIM_QUOTE_DELAY_MS: '0',
        QUEUE_LOCK_DURATION_MS: '2000',
        QUEUE_STALLED_INTERVAL_MS: '1000',
        LANDING_POLL_MS: `${pollMs}`,
      },
      60_000,
    );
    expect((await getJson(started.baseUrl, '/api/wallet')).status).toBe(200);
    return started;
  };

  const landed = (orderId: string) => landedWithMemo(engine!.baseUrl, solana.rpcUrl, orderId);

  it('its transaction never reached the network: the next engine waits for its blockhash to expire, then builds another, and confirms once', async () => {
    engine = await start();
    proxy.dropSends = DROP_ALL;
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.3' });
    const watcher = await TestWsClient.connect(body.wsUrl);
    const sent: any = await watcher.waitForStatus(body.orderId, 'submitted');
    await engine.kill('SIGKILL');
    proxy.dropSends = 0;

    engine = await start();
    const late = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws/${body.orderId}`);
    const confirmed: any = await late.waitForStatus(body.orderId, 'confirmed', 60_000);
    expect(confirmed.txHash).not.toBe(sent.txHash);
    expect(late.statuses(body.orderId).slice(4)).toEqual(['routing', 'building', 'submitted', 'confirmed']);
    expect(await landed(body.orderId)).toEqual([confirmed.txHash]);
  }, 120_000);

  it('its transaction landed but the engine never heard: the next engine confirms the order with it, sending nothing', async () => {
    engine = await start(60_000);
    // Sent and landed, but the engine learns nothing of it (no notification, and its polling is a minute apart).
    proxy.dropNotifications = true;
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.4' });
    const watcher = await TestWsClient.connect(body.wsUrl);
    const sent: any = await watcher.waitForStatus(body.orderId, 'submitted');
    for (const until = Date.now() + 10_000; (await landed(body.orderId)).length === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 100));
    await engine.kill('SIGKILL');
    proxy.dropNotifications = false;

    engine = await start();
    const sendsBefore = proxy.sends;
    const late = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws/${body.orderId}`);
    const confirmed: any = await late.waitForStatus(body.orderId, 'confirmed', 60_000);
    expect(confirmed.txHash).toBe(sent.txHash);
    expect(late.statuses(body.orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(confirmed.amountOut).toBe((late.events(body.orderId) as any[]).find((e) => e.status === 'building').expectedAmountOut);
    expect(proxy.sends).toBe(sendsBefore);
    expect(await landed(body.orderId)).toEqual([sent.txHash]);
  }, 120_000);
});
