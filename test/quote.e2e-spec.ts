import { getJson, postJson } from './support/http.js';
import { TestWsClient } from './support/ws-client.js';
import { FixedClock, useEngine } from './support/test-app.js';

// With a seed and a fixed clock the simulated market is the same on every run: at this instant a
// whale-size SOL→USDC order pays to split, three minutes later (the venues further apart) it does not.
const MARKET_AT = Date.UTC(2026, 0, 1);
const clock = new FixedClock(MARKET_AT);

describe('GET /api/quote', () => {
  const context = useEngine(
    {
      SIM_SEED: '42',
      EXTRA_TOKENS: JSON.stringify([
        { symbol: 'WIF', mint: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', decimals: 6, referenceUsd: 2.1 },
        // Listed without a reference price: no venue has a pool of it.
        { symbol: 'POPCAT', mint: '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr', decimals: 9 },
      ]),
    },
    { clock },
  );

  const quote = (query: string) => getJson(context.engine.baseUrl, `/api/quote?${query}`);

  it('answers each venue quote and the chosen route without placing an order', async () => {
    const { status, body } = await quote('inputToken=SOL&outputToken=USDC&amount=1&slippageBps=30');
    expect(status).toBe(200);
    expect(body).toMatchObject({ inputToken: { symbol: 'SOL' }, outputToken: { symbol: 'USDC' }, amountIn: '1000000000', slippageBps: 30 });
    expect(body.quotes.map((q: any) => q.venue).sort()).toEqual(['meteora', 'raydium']);
    for (const q of body.quotes) {
      expect(q).toMatchObject({ ok: true, amountOut: expect.stringMatching(/^\d+$/), priceImpactBps: expect.any(Number), feeBps: expect.any(Number) });
      expect(q.price).toBeGreaterThan(140);
      expect(q.price).toBeLessThan(160);
    }
    const best = body.quotes.reduce((a: any, b: any) => (BigInt(a.amountOut) >= BigInt(b.amountOut) ? a : b));
    expect(body.route).toMatchObject({ kind: 'single', venue: best.venue, amountOut: best.amountOut });
    expect(BigInt(body.minAmountOut)).toBe((BigInt(best.amountOut) * 9_970n) / 10_000n);
    expect((await getJson(context.engine.baseUrl, '/api/orders')).body.orders).toHaveLength(0);
  });

  it('shows price impact growing with size and reports a whale-size route whose legs and gain add up', async () => {
    const sizes = ['1', '100', '10000'];
    const answers = await Promise.all(sizes.map((amount) => quote(`inputToken=SOL&outputToken=USDC&amount=${amount}`)));
    const impact = (venue: string) => answers.map(({ body }) => body.quotes.find((q: any) => q.venue === venue).priceImpactBps);
    const [raydium, meteora] = [impact('raydium'), impact('meteora')];
    expect(raydium[0]).toBeLessThan(raydium[1]);
    expect(raydium[1]).toBeLessThan(raydium[2]);
    // DLMM: no impact while the order fits in the active bin, then it walks bins.
    expect(meteora[0]).toBeLessThanOrEqual(meteora[1]);
    expect(meteora[1]).toBeLessThan(meteora[2]);
    const whale = answers[2].body;
    const bestSingle = whale.quotes.reduce((max: bigint, q: any) => (BigInt(q.amountOut) > max ? BigInt(q.amountOut) : max), 0n);
    // (The route's optimality is measured against an exhaustive search: src/routing/route-search/*.spec.ts, npm run bench -- --routing.)
    expect(whale.route.kind).toBe('split');
    expect(BigInt(whale.route.bestSinglePool.amountOut)).toBe(bestSingle);
    const into = whale.route.legs.filter((leg: any) => leg.input === 'SOL');
    const out = whale.route.legs.filter((leg: any) => leg.output === 'USDC');
    expect(into.length).toBeGreaterThanOrEqual(2);
    expect(out.reduce((sum: bigint, leg: any) => sum + BigInt(leg.amountOut), 0n)).toBe(BigInt(whale.route.amountOut));
    expect(into.reduce((sum: bigint, leg: any) => sum + BigInt(leg.amountIn), 0n)).toBe(10_000_000_000_000n);
    const single = BigInt(whale.route.bestSinglePool.netOut);
    const gainBps = Number(((BigInt(whale.route.netOut) - single) * 1_000_000n) / single) / 100;
    expect(whale.route.gainBps).toBe(gainBps);
    expect(whale.route.splitGainBps).toBe(gainBps);
    expect(gainBps).toBeGreaterThanOrEqual(1);
    expect(whale.route.candidates[0]).toMatchObject({ netOut: whale.route.netOut, vsChosenBps: 0 });
  });

  it('quotes the venues within their fees of one another, minute after minute (one fair price, arbitrage to the fee band)', async () => {
    const gapsBps: number[] = [];
    try {
      for (let minute = 1; minute <= 10; minute++) {
        clock.at = MARKET_AT + minute * 60_000;
        const { body } = await quote('inputToken=SOL&outputToken=USDC&amount=0.01');
        const [raydium, meteora] = ['raydium', 'meteora'].map((venue) => body.quotes.find((q: any) => q.venue === venue).price as number);
        gapsBps.push(Math.abs(Math.log(raydium / meteora)) * 10_000);
      }
    } finally {
      clock.at = MARKET_AT;
    }
    // Raydium's 25 bps and Meteora's 10 bps (plus its volatility fee) on either side of fair value, at most.
    expect(Math.max(...gapsBps)).toBeLessThan(75);
  });

  it('accepts mints and refuses bad queries naming the field', async () => {
    expect((await quote('inputToken=So11111111111111111111111111111111111111112&outputToken=usdt&amount=2.5')).status).toBe(200);
    const bad = await quote('inputToken=SOL&outputToken=SOL&amount=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => `${e.field}:${e.rule}`).sort()).toEqual(['amount:isPositive', 'outputToken:differsFromInputToken']);
    expect((await quote('inputToken=SOL&amount=1')).body.errors).toEqual([expect.objectContaining({ field: 'outputToken', rule: 'isDefined' })]);
    const noRoute = await quote('inputToken=SOL&outputToken=POPCAT&amount=1');
    expect(noRoute.status).toBe(422);
    expect(noRoute.body.code).toBe('NO_ROUTE');
  });

  it('routes a pair no pool trades through a token both are paired with, and says so', async () => {
    const { status, body } = await quote('inputToken=RAY&outputToken=BONK&amount=100');
    expect(status).toBe(200);
    expect(body.quotes).toEqual([]);
    expect(body.route).toMatchObject({ hops: 2, bestSinglePool: null, gainBps: null });
    const path = body.route.legs.filter((leg: any) => leg.path === 0);
    expect(path.map((leg: any) => [leg.input, leg.output])).toEqual([
      ['RAY', path[0].output],
      [path[0].output, 'BONK'],
    ]);
    expect(path[1].amountIn).toBe(path[0].amountOut);
    expect(body.route.reason).toMatch(/^(split .*|via (SOL|USDC) \(.*\)): no single pool of RAY\/BONK takes the whole amount \(\d+ routes? weighed\)$/);
  });

  it('quotes a token added by configuration on both venues', async () => {
    const { status, body } = await quote('inputToken=WIF&outputToken=USDC&amount=1000');
    expect(status).toBe(200);
    expect(body.inputToken).toEqual({ symbol: 'WIF', mint: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', decimals: 6 });
    expect(
      body.quotes
        .filter((q: any) => q.ok)
        .map((q: any) => q.venue)
        .sort(),
    ).toEqual(['meteora', 'raydium']);
    expect(Number(body.route.amountOut) / 1e6).toBeGreaterThan(1_900);
  });

  it('reflects a settled swap in the next quote: the pool is the single source of truth', async () => {
    const before = (await quote('inputToken=SOL&outputToken=USDC&amount=10')).body;
    const order = await postJson(context.engine.baseUrl, '/api/orders/execute', {
      type: 'market',
      inputToken: 'SOL',
      outputToken: 'USDC',
      amount: '2000',
      slippageBps: 500,
    });
    const client = await TestWsClient.connect(order.body.wsUrl);
    await client.waitForStatus(order.body.orderId, 'confirmed');
    const after = (await quote('inputToken=SOL&outputToken=USDC&amount=10')).body;
    const on = (answer: any, v: string) => BigInt(answer.quotes.find((q: any) => q.venue === v).amountOut);
    const traded = (client.events(order.body.orderId).find((e) => e.status === 'confirmed') as any).fills.map((f: any) => f.venue);
    for (const v of traded) expect(on(after, v)).toBeLessThan(on(before, v));
    expect(traded.length).toBeGreaterThan(0);
  });
});
