import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { address, createSolanaRpc } from '@solana/kit';
import { fetchAllMint } from '@solana-program/token';
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

describe('custodial wallets on a local market', () => {
  const KEYS = { alice: 'alice-wallet-key-0123456789', bob: 'bob-wallet-key-0123456789' };
  let redis: TestRedis;
  let solana: TestSolana;
  let engine: TestApp;
  let sibling: TestApp;
  let walletsDir: string;

  beforeAll(async () => {
    walletsDir = mkdtempSync(join(tmpdir(), 'oee-wallets-'));
    [redis, solana] = await Promise.all([startTestRedis(), startTestSolana()]);
    const env = {
      CHAIN: 'solana',
      SOLANA_RPC_URL: solana.rpcUrl,
      SOLANA_WS_URL: solana.wsUrl,
      WALLETS_DIR: walletsDir,
      FAUCET_SOL: '25',
      FAUCET_USD: '1000',
      API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}`,
    };
    // Two engine processes boot on a fresh network at once: the market is set up once, and both serve.
    [engine, sibling] = await Promise.all([startTestApp(redis.url, env), startTestApp(redis.url, env)]);
  });

  afterAll(async () => {
    await Promise.all([engine?.close(), sibling?.close()]);
    await Promise.all([solana?.stop(), redis?.remove()]);
    rmSync(walletsDir, { recursive: true, force: true });
  });

  it('has a mint for every SPL registry token, made once by whichever engine got there first, with the decimals of the registry', async () => {
    const made = [...engine.logs, ...sibling.logs]
      .map((line) => /local market: (\w+) mint (\w+) \((\d+) decimals\)/.exec(line.message))
      .filter((m) => m !== null);
    expect(made.map((m) => m[1]).sort()).toEqual(['BONK', 'JUP', 'RAY', 'USDC', 'USDT']);
    const rpc = createSolanaRpc(solana.rpcUrl);
    const mints = await fetchAllMint(
      rpc,
      made.map((m) => address(m[2])),
    );
    expect(mints.map((mint) => mint.data.decimals)).toEqual(made.map((m) => Number(m[3])));
    expect(mints.every((mint) => mint.data.supply >= 0n && mint.data.freezeAuthority.__option === 'None')).toBe(true);
  });

  const walletOf = async (key: string) =>
    (await fetch(`${engine.baseUrl}/api/wallet`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json())) as {
      owner: string;
      address: string;
      balances: { symbol: string; mint: string; networkMint: string; amount: string; decimals: number }[];
    };

  it("one wallet per key, kept as a 0600 keypair file, funded by the local network's faucet; balances in base units", async () => {
    const alice = await walletOf(KEYS.alice);
    expect(alice.owner).toBe('alice');
    expect(alice.address).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(alice.balances.map((b) => b.symbol)).toEqual(['SOL', 'USDC', 'USDT', 'JUP', 'BONK', 'RAY']);
    // FAUCET_SOL of SOL, FAUCET_USD (1,000) worth of every SPL token at its reference price, in base units.
    expect(alice.balances.map((b) => b.amount)).toEqual(['25000000000', '1000000000', '1000000000', '1111000000', '5000000000000', '400000000']);
    // SOL is wrapped SOL everywhere; the SPL tokens have mints of the local network's own.
    expect(alice.balances[0].networkMint).toBe(alice.balances[0].mint);
    expect(alice.balances.slice(1).every((b) => b.networkMint !== b.mint)).toBe(true);
    const file = join(walletsDir, 'keys', 'alice.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(64);

    expect((await walletOf(KEYS.alice)).address).toBe(alice.address);
    const bob = await walletOf(KEYS.bob);
    expect(bob.address).not.toBe(alice.address);
  });

  it('never shows a secret key: not in an answer, not in a log line', async () => {
    const secret = readFileSync(join(walletsDir, 'keys', 'alice.json'), 'utf8');
    const answer = JSON.stringify(await walletOf(KEYS.alice));
    expect(answer).not.toContain(secret.slice(1, 40));
    expect(engine.logs.some((line) => line.message.includes(secret.slice(1, 40)))).toBe(false);
  });
});
