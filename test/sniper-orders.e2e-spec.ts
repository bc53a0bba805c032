import { randomBytes } from 'node:crypto';
import { encodeBase58 } from '../src/common/base58.js';
import type { OrderLifecycleEvent } from '../src/contracts/order-lifecycle.js';
import { openTestDatabase, type TestDatabase } from './support/database.js';
import { getJson, postJson, request } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitUntil } from './support/wait.js';
import { TestWsClient } from './support/ws-client.js';

type Event<S extends OrderLifecycleEvent['status']> = Extract<OrderLifecycleEvent, { status: S }>;

const newMint = () => encodeBase58(randomBytes(32));
let launches = 0;
/** A launch of a new token on raydium against SOL at $0.0005 ($0.0005 / $150 ≈ 3.3e-6 SOL per token). */
const launchBody = (mint: string, extra: object = {}) => ({
  symbol: `SNP${++launches}`,
  mint,
  decimals: 6,
  venue: 'raydium',
  quoteToken: 'SOL',
  priceUsd: 0.0005,
  liquidityUsd: 200_000,
  ...extra,
});

/**
 * Sniper orders across processes: an API process takes the orders and the launches, a worker process
 * (its own token registry and venues) learns of each launch from the chain and fires the orders.
 */
describe('sniper orders: rest until the token launches, then buy in the pass that sees the launch', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let api: TestApp;
  let worker: TestApp;
  let client: TestWsClient;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), openTestDatabase()]);
    const env = { REDIS_KEY_PREFIX: `snipe${Date.now()}`, TRIGGER_INTERVAL_MS: '60000', PRICE_SAMPLE_MS: '0' };
    api = await startTestApp(redis.url, { ...env, ENGINE_ROLE: 'api' }, database);
    worker = await startTestApp(redis.url, { ...env, ENGINE_ROLE: 'worker' }, database);
    client = await TestWsClient.connect(`${api.wsBaseUrl}/api/orders/ws`);
    client.send('subscribe', { orderId: '*' });
    await client.waitFor((f) => f.event === 'subscribed');
  });

  afterAll(async () => {
    client?.close();
    await worker?.close();
    await api?.close();
    await database?.dispose();
    await redis?.remove();
  });

  const place = async (body: object) => {
    const response = await postJson(api.baseUrl, '/api/orders/execute', body);
    expect(response.status).toBe(202);
    return response.body.orderId as string;
  };

  it('rests on a mint nobody lists, fires on its launch (REST order), and then shows the launched token', async () => {
    const mint = newMint();
    const orderId = await place({ type: 'sniper', inputToken: 'SOL', outputToken: mint, amount: '0.5', slippageBps: 300 });
    const pending = (await client.waitForStatus(orderId, 'pending')) as Event<'pending'>;
    expect(pending.outputToken).toEqual({ symbol: `${mint.slice(0, 4)}…${mint.slice(-4)}`, mint, decimals: null });
    const waiting = (await client.waitForStatus(orderId, 'waiting')) as Event<'waiting'>;
    expect(waiting).toMatchObject({ maxPrice: null, bestPrice: null, gapBps: null, reason: expect.stringContaining('launch') });

    // The trigger interval is a minute: only the launch itself can fire the order within this test's wait.
    const launchedAt = Date.now();
    const launch = await postJson(api.baseUrl, '/api/simulation/launches', launchBody(mint));
    expect(launch).toMatchObject({ status: 201, body: { token: { mint, decimals: 6 }, venue: 'raydium', quoteToken: { symbol: 'SOL' } } });
    const confirmed = (await client.waitForStatus(orderId, 'confirmed', 5_000)) as Event<'confirmed'>;
    const tookMs = Date.now() - launchedAt;
    console.log(`sniper: launch → confirmed in ${tookMs} ms (delays 0)`);
    expect(client.statuses(orderId)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    expect(confirmed.venue).toBe('raydium');
    expect(BigInt(confirmed.amountOut)).toBeGreaterThan(0n);

    const stored = (await getJson(api.baseUrl, `/api/orders/${orderId}`)).body;
    expect(stored).toMatchObject({ type: 'sniper', status: 'confirmed', outputToken: { symbol: launch.body.token.symbol, mint, decimals: 6 } });
    const { tokens } = (await getJson(api.baseUrl, '/api/tokens')).body as { tokens: { mint: string }[] };
    expect(tokens.map((t) => t.mint)).toContain(mint);
  });

  it('sent as a WebSocket execute frame, with limitPrice below the launch price: fills, getting at least limitPrice tokens per SOL', async () => {
    const mint = newMint();
    const limitPrice = '200000'; // tokens per SOL (output per input), at most 0.000005 SOL per token; the launch opens near 300,000
    client.send('execute', { type: 'sniper', inputToken: 'SOL', outputToken: mint, amount: '1', slippageBps: 500, limitPrice });
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    const orderId = (accepted.data as { orderId: string }).orderId;
    await client.waitForStatus(orderId, 'waiting');
    await postJson(api.baseUrl, '/api/simulation/launches', launchBody(mint));
    const confirmed = (await client.waitForStatus(orderId, 'confirmed', 5_000)) as Event<'confirmed'>;
    const building = client.events(orderId).find((e) => e.status === 'building') as Event<'building'>;
    // 1 SOL brings at least limitPrice tokens (of 6 decimals).
    expect(Number(building.minAmountOut) / 1e6).toBeGreaterThanOrEqual(Number(limitPrice));
    expect(BigInt(confirmed.amountOut)).toBeGreaterThanOrEqual(BigInt(building.minAmountOut));
  });

  it('keeps resting while the launch gives fewer tokens per SOL than limitPrice, and cancels over WebSocket', async () => {
    const mint = newMint();
    const orderId = await place({ type: 'sniper', inputToken: 'SOL', outputToken: mint, amount: '0.2', limitPrice: '1000000' });
    await client.waitForStatus(orderId, 'waiting');
    await postJson(api.baseUrl, '/api/simulation/launches', launchBody(mint));
    // The launch's pass looks at the order: too dear, so it stays resting; the next check (any landing) says the same.
    await place({ type: 'market', inputToken: 'SOL', outputToken: mint, amount: '0.01' }).then((id) => client.waitForStatus(id, 'confirmed'));
    expect(client.statuses(orderId)).toEqual(['pending', 'waiting']);
    client.send('cancel', { orderId });
    await client.waitForStatus(orderId, 'cancelled');
    const stored = (await getJson(api.baseUrl, `/api/orders/${orderId}`)).body;
    expect(stored).toMatchObject({ status: 'cancelled', limitPrice: '1000000', outputToken: { mint, decimals: 6 } });
  });

  it('refuses what cannot be a sniper order or a launch, naming the field and the rule', async () => {
    const bad = async (body: object) => (await postJson(api.baseUrl, '/api/orders/execute', body)).body;
    const sniper = { type: 'sniper', inputToken: 'SOL', amount: '1' };
    expect(await bad({ ...sniper, outputToken: 'NOTAMINT' })).toMatchObject({ errors: [{ field: 'outputToken', rule: 'isKnownToken' }] });
    expect(await bad({ ...sniper, outputToken: encodeBase58(randomBytes(31)) })).toMatchObject({ errors: [{ field: 'outputToken', rule: 'isKnownToken' }] });
    expect(await bad({ ...sniper, outputToken: newMint(), limitPrice: '-1' })).toMatchObject({ errors: [{ field: 'limitPrice', rule: 'isDecimalPrice' }] });
    expect(await bad({ ...sniper, outputToken: newMint(), maxPrice: '0.002' })).toMatchObject({
      errors: [{ field: 'maxPrice', rule: 'replacedByLimitPrice', message: expect.stringContaining('output per input') }],
    });
    // Only sniper orders may name a mint that has not launched.
    expect(await bad({ type: 'market', inputToken: 'SOL', outputToken: newMint(), amount: '1' })).toMatchObject({
      errors: [{ field: 'outputToken', rule: 'isKnownToken' }],
    });
    expect(await bad({ type: 'limit', inputToken: 'SOL', outputToken: 'USDC', amount: '1', limitPrice: '1', maxPrice: '1' })).toMatchObject({
      errors: [{ field: 'maxPrice', rule: 'allowedForType' }],
    });

    const launch = (body: object) => postJson(api.baseUrl, '/api/simulation/launches', body);
    expect(await launch(launchBody(newMint(), { symbol: 'sol' }))).toMatchObject({ status: 409, body: { code: 'TOKEN_EXISTS' } });
    expect(await launch(launchBody('So11111111111111111111111111111111111111112'))).toMatchObject({ status: 409, body: { code: 'TOKEN_EXISTS' } });
    expect(await launch(launchBody(newMint(), { quoteToken: 'NOPE' }))).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'quoteToken', rule: 'isKnownToken' }] },
    });
    expect(await launch(launchBody('abc'))).toMatchObject({ status: 400, body: { errors: [{ field: 'mint', rule: 'isMintAddress' }] } });
    expect(await launch(launchBody(newMint(), { decimals: 19, liquidityUsd: 10 }))).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([expect.objectContaining({ field: 'decimals' }), expect.objectContaining({ field: 'liquidityUsd' })]) },
    });
    // One launch per mint and per symbol, also when launches race (the chain's record decides): the others get 409.
    const mint = newMint();
    const raced = await Promise.all([
      launch(launchBody(mint)),
      launch(launchBody(mint)),
      launch({ ...launchBody(newMint()), symbol: 'RACE1' }),
      launch({ ...launchBody(newMint()), symbol: 'RACE1' }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 201, 409, 409]);
  });

  it('a resting sniper order survives as stored: cancel over REST ends it, and a launch afterwards does not fill it', async () => {
    const mint = newMint();
    const orderId = await place({ type: 'sniper', inputToken: 'USDC', outputToken: mint, amount: '25' });
    await client.waitForStatus(orderId, 'waiting');
    expect((await request(api.baseUrl, `/api/orders/${orderId}`, { method: 'DELETE' })).status).toBe(200);
    await postJson(api.baseUrl, '/api/simulation/launches', launchBody(mint, { quoteToken: 'USDC' }));
    const later = await place({ type: 'market', inputToken: 'USDC', outputToken: mint, amount: '1' });
    await client.waitForStatus(later, 'confirmed');
    expect(client.statuses(orderId)).toEqual(['pending', 'waiting', 'cancelled']);
  });
});

describe('SIM_LAUNCH_EVERY_MS: random launches for the dashboard to snipe', () => {
  const EVERY_MS = 200;
  let redis: TestRedis;
  let database: TestDatabase;
  let apps: TestApp[] = [];
  let bootedAt = 0;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), openTestDatabase()]);
    const env = { REDIS_KEY_PREFIX: `launches${Date.now()}`, SIM_LAUNCH_EVERY_MS: `${EVERY_MS}`, PRICE_SAMPLE_MS: '0' };
    bootedAt = Date.now();
    // Two processes, each with the timer: together they still launch one token per period.
    apps = [
      await startTestApp(redis.url, { ...env, ENGINE_ROLE: 'api' }, database),
      await startTestApp(redis.url, { ...env, ENGINE_ROLE: 'worker' }, database),
    ];
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await database?.dispose();
    await redis?.remove();
  });

  it('launches a token per period across every process, and every process trades it', async () => {
    const launched = async () =>
      ((await getJson(apps[0].baseUrl, '/api/tokens')).body.tokens as { symbol: string }[]).filter((t) => /^NEW[A-Z]{4}$/.test(t.symbol));
    await waitUntil(async () => (await launched()).length >= 5, 10_000, 'five random launches');
    const periods = Math.ceil((Date.now() - bootedAt) / EVERY_MS);
    expect((await launched()).length).toBeLessThanOrEqual(periods + 1);

    // The API process takes a market order for one; the worker process (which learnt of it from the chain) executes it.
    const [token] = await launched();
    // Its pool is against SOL or USDC, whichever the launch drew: the one a quote finds.
    const quotes = await Promise.all(
      ['SOL', 'USDC'].map((quote) => getJson(apps[0].baseUrl, `/api/quote?inputToken=${token.symbol}&outputToken=${quote}&amount=1000`)),
    );
    // Both route: the other through the launch's quote token (two hops).
    expect(quotes.map((q) => q.status)).toEqual([200, 200]);
    const outputToken = quotes[0].body.route.hops === 1 ? 'SOL' : 'USDC';
    expect(quotes.map((q) => q.body.route.hops).sort()).toEqual([1, 2]);
    const client = await TestWsClient.connect(`${apps[0].wsBaseUrl}/api/orders/ws`);
    client.send('execute', { type: 'market', inputToken: token.symbol, outputToken, amount: '1000', slippageBps: 1000 });
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    const orderId = (accepted.data as { orderId: string }).orderId;
    await client.waitForTerminal(orderId);
    expect(client.statuses(orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    client.close();
  });
});
