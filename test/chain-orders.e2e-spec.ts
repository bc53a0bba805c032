import { randomBytes } from 'node:crypto';
import { createSolanaRpc, signature, type Address } from '@solana/kit';
import { encodeBase58 } from '../src/common/base58.js';
import { LocalPools } from '../src/local-market/local-pools.service.js';
import { arbitrageTrade } from '../src/simulation/market/arbitrage.js';
import { SimulatedExchange } from '../src/simulation/simulated-exchange.js';
import { ArbitrageTrader } from '../src/traders/arbitrage-trader.service.js';
import { BackgroundFlow } from '../src/traders/background-flow.service.js';
import { WalletCommitments } from '../src/wallets/wallet-commitments.service.js';
import { spotPrice } from '../src/simulation/pool-state.js';
import { expectPoolsEqualVaults, startChainApp } from './support/chain.js';
import { getJson, postJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestSolana, type TestSolana } from './support/solana-network.js';
import type { TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

/** Orders settled as signed transactions on a real local Solana network (Surfpool), against the venues' vaults. */
describe('orders on a local Solana network', () => {
  let redis: TestRedis;
  let solana: TestSolana;
  let engine: TestApp;

  beforeAll(async () => {
    [redis, solana] = await Promise.all([startTestRedis(), startTestSolana()]);
    engine = await startChainApp(redis.url, solana, {
      FAUCET_SOL: '50',
      // Enough of every token for an order that moves a pool past its fee band, and for the arbitrageur to trade it back.
      FAUCET_USD: '200000',
    });
  });

  afterAll(async () => {
    await engine?.close();
    await Promise.all([solana?.stop(), redis?.remove()]);
  });

  const audit = () => engine.app.get(LocalPools, { strict: false }).audit();

  it('sets the pools up: every pool holds in its vaults exactly what the venue says', async () => {
    await expectPoolsEqualVaults(engine.app);
  });

  it('a market order lands as one signed transaction the network returns with its memo and exact balance changes', async () => {
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', { type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '1.5' });
    const client = await TestWsClient.connect(body.wsUrl);
    const confirmed: any = await client.waitForStatus(body.orderId, 'confirmed', 30_000);
    const events = client.events(body.orderId) as any[];
    expect(events.map((e) => e.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    const submitted = events[3];
    expect(submitted.network).toMatchObject({
      genesisHash: solana.genesisHash,
      lastValidBlockHeight: expect.stringMatching(/^\d+$/),
      computeUnitLimit: expect.any(Number),
      priorityFeeMicroLamports: expect.stringMatching(/^\d+$/),
    });
    expect(confirmed.txHash).toBe(submitted.txHash);
    expect(confirmed.amountIn).toBe('1500000000');
    expect(confirmed.network).toMatchObject({ slot: expect.stringMatching(/^\d+$/), commitment: 'confirmed', sends: expect.any(Number) });
    expect(BigInt(confirmed.network.feeLamports)).toBeGreaterThanOrEqual(5_000n);

    const rpc = createSolanaRpc(solana.rpcUrl);
    const tx = await rpc.getTransaction(signature(confirmed.txHash), { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx!.meta!.logMessages!.join('\n')).toContain(`order:${body.orderId}`);
    // The pools' vaults took the input and paid the output the event reports, to the base unit.
    const authorities = new Set((await audit()).flatMap((pool) => [pool.vaults.x, pool.vaults.y]));
    const vaultChange = (mintSide: 'in' | 'out') =>
      (tx!.meta!.postTokenBalances ?? [])
        .filter((b) => authorities.has(tx!.transaction.message.accountKeys[b.accountIndex] as Address))
        .map((post) => {
          const pre = tx!.meta!.preTokenBalances!.find((p) => p.accountIndex === post.accountIndex);
          return BigInt(post.uiTokenAmount.amount) - BigInt(pre?.uiTokenAmount.amount ?? '0');
        })
        .filter((change) => (mintSide === 'in' ? change > 0n : change < 0n))
        .reduce((sum, change) => sum + change, 0n);
    expect(vaultChange('in')).toBe(BigInt(confirmed.amountIn));
    expect(-vaultChange('out')).toBe(BigInt(confirmed.amountOut));
  });

  it('a sniper order resting on a mint nobody lists fires on its launch: the new mint and its pool are on the network first', async () => {
    const mint = encodeBase58(randomBytes(32));
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', {
      type: 'sniper',
      inputToken: 'SOL',
      outputToken: mint,
      amount: '0.2',
      slippageBps: 300,
    });
    const client = await TestWsClient.connect(body.wsUrl);
    await client.waitForStatus(body.orderId, 'waiting');
    const launch = await postJson(engine.baseUrl, '/api/simulation/launches', {
      symbol: 'CHAINSNP',
      mint,
      decimals: 6,
      venue: 'meteora',
      quoteToken: 'SOL',
      priceUsd: 0.0005,
      liquidityUsd: 200_000,
    });
    expect(launch.status).toBe(201);
    const confirmed: any = await client.waitForStatus(body.orderId, 'confirmed', 30_000);
    expect(client.statuses(body.orderId)).not.toContain('retrying');
    const rpc = createSolanaRpc(solana.rpcUrl);
    const tx = await rpc.getTransaction(signature(confirmed.txHash), { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
    expect(tx?.meta?.err).toBeNull();
    // The wallet's first tokens of the new mint: what the order bought, to the base unit.
    const wallet = (await getJson(engine.baseUrl, '/api/wallet')).body.address as string;
    const received = (tx!.meta!.postTokenBalances ?? []).find((b) => b.owner === wallet && b.uiTokenAmount.decimals === 6);
    expect(received?.uiTokenAmount.amount).toBe(confirmed.amountOut);
  });

  it('two orders at once the wallet can pay for only one of: one lands, the other fails with INSUFFICIENT_FUNDS, never sent', async () => {
    const usdcHeld = async () => BigInt(((await getJson(engine.baseUrl, '/api/wallet')).body.balances as any[]).find((b) => b.symbol === 'USDC').amount);
    const before = await usdcHeld();
    // 60% of the wallet's USDC each, in whole base units (USDC has 6 decimals).
    const each = (before * 6n) / 10n;
    const amount = `${each / 1_000_000n}.${(each % 1_000_000n).toString().padStart(6, '0')}`;
    const order = { type: 'market', inputToken: 'USDC', outputToken: 'SOL', amount, slippageBps: 500 };
    const placed = await Promise.all([0, 1].map(() => postJson(engine.baseUrl, '/api/orders/execute', order)));
    const clients = await Promise.all(placed.map((p) => TestWsClient.connect(p.body.wsUrl)));
    const outcomes = await Promise.all(placed.map((p, i) => clients[i].waitForTerminal(p.body.orderId, 30_000)));
    const failed: any = outcomes.find((event) => event.status === 'failed');
    const client = clients[outcomes.indexOf(failed)];
    expect(outcomes.map((event) => event.status).sort()).toEqual(['confirmed', 'failed']);
    expect(failed.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(failed.error.message).toBe(`the wallet holds ${before - each} base units of USDC, the order needs ${each}`);
    expect(failed.attempts).toBe(1);
    expect(client.statuses(failed.orderId)).not.toContain('submitted');
    expect(await usdcHeld()).toBe(before - each);
  });

  it('a large order moves pools out of their fee band; the arbitrageur trades them back with real transactions of its own', async () => {
    const exchange = engine.app.get(SimulatedExchange, { strict: false });
    const jupPools = exchange.definitions().filter((pool) => pool.x.symbol === 'JUP' || pool.y.symbol === 'JUP');
    /** The JUP pools an arbitrageur would trade now (beyond `minGapBps` past their fee band around fair value). */
    const outOfBand = async (minGapBps: number) => {
      const now = exchange.now();
      const views = await exchange.view(jupPools, now);
      return jupPools.filter((pool) => arbitrageTrade(views.get(pool.id)!.state, exchange.fairBasePrice(pool, now), now, minGapBps));
    };
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', {
      type: 'market',
      inputToken: 'USDC',
      outputToken: 'JUP',
      amount: '60000',
      slippageBps: 300,
    });
    const client = await TestWsClient.connect(body.wsUrl);
    await client.waitForStatus(body.orderId, 'confirmed', 30_000);
    expect((await outOfBand(5)).length).toBeGreaterThan(0);

    const trades = await engine.app.get(ArbitrageTrader, { strict: false }).round();
    expect(trades.length).toBeGreaterThan(0);
    // Back within the band (10 bps of slack: fair value moves on while the round lands its trades).
    expect((await outOfBand(10)).map((pool) => pool.id)).toEqual([]);
    const rpc = createSolanaRpc(solana.rpcUrl);
    const tx = await rpc.getTransaction(signature(trades[0]), { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx!.meta!.logMessages!.join('\n')).toMatch(/order:arbitrage-[0-9a-f-]{36}/);
  });

  it("another trader's swap lands as a real transaction of its own wallet and moves the pool as the venue says", async () => {
    const exchange = engine.app.get(SimulatedExchange, { strict: false });
    const pool = exchange.definitions().find((candidate) => candidate.id === 'raydium:USDC-SOL')!;
    const priceOf = async () => spotPrice((await exchange.view([pool], exchange.now())).get(pool.id)!.state);
    const before = await priceOf();
    const swapped = await engine.app.get(BackgroundFlow, { strict: false }).swap({ pool, sellsX: false, usd: 50_000 });
    // It sold SOL (the pool's Y) for USDC (its X): the pool's price of USDC in SOL rose.
    expect(await priceOf()).toBeGreaterThan(before);
    const rpc = createSolanaRpc(solana.rpcUrl);
    const tx = await rpc.getTransaction(signature(swapped), { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx!.meta!.logMessages!.join('\n')).toMatch(/order:flow-[0-9a-f-]{36}/);
    const flowWallet = tx!.transaction.message.accountKeys[0];
    expect(flowWallet).not.toBe((await getJson(engine.baseUrl, '/api/wallet')).body.address);
  });

  it("an order too large for its pair's one pool, divided between it and a path through another token, lands as one transaction: every hop as routed, the token between netting to nothing", async () => {
    // Which size divides so depends on the pools as earlier tests left them (their prices, a DLMM pool's volatility
    // fee): the first size whose quote is that route, among a few the wallet's JUP covers.
    const splitsThroughAnother = (route: any) => route?.kind === 'split' && route.hops === 2 && route.legs.length === 3;
    let amount: string | undefined;
    for (const size of ['30000', '50000', '15000', '80000']) {
      const { body: quoted } = await getJson(engine.baseUrl, `/api/quote?inputToken=JUP&outputToken=USDT&amount=${size}`);
      if (splitsThroughAnother(quoted.route)) {
        amount = size;
        break;
      }
    }
    expect(amount).toBeDefined();
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', {
      type: 'market',
      inputToken: 'JUP',
      outputToken: 'USDT',
      amount,
      slippageBps: 300,
    });
    const client = await TestWsClient.connect(body.wsUrl);
    const confirmed: any = await client.waitForStatus(body.orderId, 'confirmed', 30_000);
    const events = client.events(body.orderId) as any[];
    expect(events.map((e) => e.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    const route = events[1].route;
    expect(splitsThroughAnother(route)).toBe(true);
    expect(route.gainBps).toBeGreaterThan(0);
    const finals = route.legs.filter((leg: any) => leg.output === 'USDT');
    // The swap as it settled: one fill per leg, a second hop taking exactly what its first gave.
    expect(confirmed.fills.map((fill: any) => fill.pool)).toEqual(route.legs.map((leg: any) => leg.pool));
    route.legs.forEach((leg: any, i: number) => {
      if (leg.input !== 'JUP') expect(confirmed.fills[i].amountIn).toBe(confirmed.fills[i - 1].amountOut);
    });
    const paid = confirmed.fills
      .filter((_: unknown, i: number) => route.legs[i].output === 'USDT')
      .reduce((sum: bigint, f: any) => sum + BigInt(f.amountOut), 0n);
    expect(BigInt(confirmed.amountOut)).toBe(paid);
    expect(finals).toHaveLength(2);

    const rpc = createSolanaRpc(solana.rpcUrl);
    const tx = await rpc.getTransaction(signature(confirmed.txHash), { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx!.meta!.logMessages!.join('\n')).toContain(`order:${body.orderId}`);
    // The trader's token accounts (by the network's mints): JUP out by the amount, USDT in by what the event says,
    // the token between unchanged.
    const { address } = (await getJson(engine.baseUrl, '/api/wallet')).body as { address: string };
    const changes = new Map<string, bigint>();
    for (const post of tx!.meta!.postTokenBalances ?? []) {
      if (post.owner !== address) continue;
      const pre = tx!.meta!.preTokenBalances!.find((p) => p.accountIndex === post.accountIndex);
      changes.set(post.mint, BigInt(post.uiTokenAmount.amount) - BigInt(pre?.uiTokenAmount.amount ?? '0'));
    }
    expect([...changes.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual([-BigInt(confirmed.amountIn), 0n, BigInt(confirmed.amountOut)]);
  });

  it("GET /api/wallet shows what the wallet's orders in flight will spend of each token, until they settle", async () => {
    const wallet = async () =>
      (await getJson(engine.baseUrl, '/api/wallet')).body as { address: string; balances: { symbol: string; mint: string; committed: string }[] };
    const committed = async () => Object.fromEntries((await wallet()).balances.map((b) => [b.symbol, b.committed]));
    expect(Object.values(await committed()).every((amount) => amount === '0')).toBe(true);
    const { address, balances } = await wallet();
    const usdc = balances.find((b) => b.symbol === 'USDC')!.mint;
    const commitments = engine.app.get(WalletCommitments, { strict: false });
    // As an order selling 5 USDC commits it (with its SOL reserve) while its transaction is in flight.
    const plenty = async () => ({ lamports: 10n ** 12n, tokens: 10n ** 12n });
    await commitments.commit(address, 'in-flight', { lamports: 7_000n, mint: usdc, tokens: 5_000_000n }, plenty);
    expect(await committed()).toMatchObject({ SOL: '7000', USDC: '5000000', JUP: '0' });
    await commitments.release('in-flight');
    expect(await committed()).toMatchObject({ SOL: '0', USDC: '0' });
  });

  it('once nothing is pending, every pool still holds in its vaults exactly what the venue says', async () => {
    await expectPoolsEqualVaults(engine.app);
  });
});
