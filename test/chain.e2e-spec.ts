import { getJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitUntil } from './support/wait.js';

/** GET /api/chain and readiness: which network orders settle on, and whether it answers. */
describe('the network the engine settles on', () => {
  let redis: TestRedis;
  let solana: TestSolana;
  let onSolana: TestApp;
  let onPaper: TestApp;

  beforeAll(async () => {
    [redis, solana] = await Promise.all([startTestRedis(), startTestSolana()]);
    [onSolana, onPaper] = await Promise.all([
      startTestApp(redis.url, { CHAIN: 'solana', SOLANA_RPC_URL: solana.rpcUrl, SOLANA_WS_URL: solana.wsUrl }),
      startTestApp(redis.url, { CHAIN: 'paper' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([onSolana?.close(), onPaper?.close()]);
    await Promise.all([solana?.stop(), redis?.remove()]);
  });

  it('on a local Solana network: its cluster, URLs, genesis hash, and a slot and block height that move', async () => {
    const first = (await getJson(onSolana.baseUrl, '/api/chain')).body;
    expect(first).toEqual({
      mode: 'solana',
      cluster: 'localnet',
      rpcUrl: solana.rpcUrl,
      wsUrl: solana.wsUrl,
      genesisHash: solana.genesisHash,
      slot: expect.stringMatching(/^\d+$/),
      blockHeight: expect.stringMatching(/^\d+$/),
      commitment: 'confirmed',
    });
    await waitUntil(async () => BigInt((await getJson(onSolana.baseUrl, '/api/chain')).body.slot) > BigInt(first.slot), 5_000, 'a new slot');
  });

  it('on paper: says so, with nothing to connect to', async () => {
    expect((await getJson(onPaper.baseUrl, '/api/chain')).body).toEqual({
      mode: 'paper',
      cluster: 'paper',
      rpcUrl: null,
      wsUrl: null,
      genesisHash: null,
      slot: null,
      blockHeight: null,
      commitment: null,
    });
  });

  it('readiness checks the network: up while it answers, 503 naming it within seconds once it does not', async () => {
    const ready = await getJson(onSolana.baseUrl, '/api/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { info: { chain: { status: 'up' } } } });
    await solana.stop();
    const started = Date.now();
    const down = await getJson(onSolana.baseUrl, '/api/health/ready');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(down).toMatchObject({ status: 503, body: { error: { chain: { status: 'down' } } } });
  });
});
