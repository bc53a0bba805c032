import { Logger } from '@nestjs/common';
import { capped, cpmm } from '../../test/support/routable-pools.js';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/environment.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import { DEFAULT_TOKENS, type Token } from '../tokens/token.js';
import { DexRouter } from './dex-router.service.js';
import { QuoteProvider, type QuoteRequest, type VenuePool } from './quote-provider.js';
import type { RoutablePool } from './route-search/routable-pool.js';

const [SOL, USDC, USDT, , BONK] = DEFAULT_TOKENS;
const REQUEST: QuoteRequest = { input: SOL, output: USDC, amountIn: 1_000_000_000n };
const M = 10n ** 15n;

/** `pool` (on `venue`, between `a` and `b`) as a venue lists it. */
const listed = (venue: VenueId, a: Token, b: Token, make: (id: string, mints: [string, string]) => RoutablePool): VenuePool => ({
  ...make(`${venue}:${a.symbol}-${b.symbol}`, [a.mint, b.mint]),
  venue,
  tokens: [a, b],
});
/** A SOL/USDC pool paying `usdcPerSol` base units of USDC per lamport, up to `capacity` lamports. */
const solUsdc = (venue: VenueId, usdcPerSolThousandths: bigint, capacity = M) =>
  listed(venue, SOL, USDC, (id, mints) => {
    const pool = capped(id, mints, 1n, capacity, venue);
    return {
      ...pool,
      quote: (mint, amount) => ({ ...pool.quote(mint, amount), amountOut: (pool.quote(mint, amount).amountIn * usdcPerSolThousandths) / 1_000n }),
    };
  });

/** A deterministic venue: the pools it lists, or a failure, or never answering. */
class FakeVenue extends QuoteProvider {
  constructor(
    readonly venue: VenueId,
    private readonly behaviour: { pools?: VenuePool[]; fails?: string; hangs?: boolean },
  ) {
    super();
  }

  pools(signal: AbortSignal): Promise<readonly VenuePool[]> {
    if (this.behaviour.hangs) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    if (this.behaviour.fails) return Promise.reject(new Error(this.behaviour.fails));
    return Promise.resolve(this.behaviour.pools ?? []);
  }
}

const config = (vars: Record<string, string> = {}): AppConfig => loadConfig({ QUOTE_TIMEOUT_MS: '200', ROUTING_SWAP_COST_LAMPORTS: '0', ...vars });
const router = (...venues: FakeVenue[]) => new DexRouter(venues, config());

describe('DexRouter', () => {
  it('routes to the pool with the best net output and says by how much it beats the other venue', async () => {
    const decision = await router(
      new FakeVenue('raydium', { pools: [solUsdc('raydium', 149_000n)] }),
      new FakeVenue('meteora', { pools: [solUsdc('meteora', 153_470n)] }),
    ).route(REQUEST);
    expect(decision.route.legs.map((leg) => [leg.pool, leg.input.symbol, leg.output.symbol, leg.amountIn, leg.amountOut])).toEqual([
      ['meteora:SOL-USDC', 'SOL', 'USDC', 1_000_000_000n, 153_470_000_000n],
    ]);
    expect(decision.advantageBps).toBe(300);
    expect(decision.gainBps).toBeNull();
    expect(decision.bestSinglePool?.legs[0].pool).toBe('meteora:SOL-USDC');
    expect(decision.outcomes.map((o) => (o.ok ? [o.venue, o.quote.pool, o.quote.amountOut] : o.venue))).toEqual([
      ['raydium', 'raydium:SOL-USDC', 149_000_000_000n],
      ['meteora', 'meteora:SOL-USDC', 153_470_000_000n],
    ]);
    expect(decision.reason).toBe(
      'meteora:SOL-USDC alone returns the most USDC: no split or path through another token gives more net of fees (2 routes weighed)',
    );
  });

  it('divides a large order between the venues, and goes through another token where that pays', async () => {
    const deep = (venue: VenueId, a: Token, b: Token, reserves: [bigint, bigint]) => listed(venue, a, b, (id, mints) => cpmm(id, mints, reserves, 25, venue));
    const raydium = new FakeVenue('raydium', { pools: [deep('raydium', SOL, USDC, [10n ** 15n, 15n * 10n ** 13n])] });
    const meteora = new FakeVenue('meteora', { pools: [deep('meteora', SOL, USDC, [10n ** 15n, 15n * 10n ** 13n])] });
    const split = await router(raydium, meteora).route({ ...REQUEST, amountIn: 10n ** 14n });
    expect(split.route.legs.map((leg) => leg.pool).sort()).toEqual(['meteora:SOL-USDC', 'raydium:SOL-USDC']);
    expect(split.gainBps).toBeGreaterThan(0);
    expect(split.reason).toMatch(
      /^split \d+(\.\d+)?% (raydium|meteora):SOL-USDC \/ \d+(\.\d+)?% (raydium|meteora):SOL-USDC returns [\d.]+ bps more USDC than (raydium|meteora):SOL-USDC alone/,
    );
    const through = new FakeVenue('raydium', {
      pools: [deep('raydium', SOL, USDC, [10n ** 15n, 15n * 10n ** 13n]), deep('raydium', BONK, USDC, [10n ** 20n, 10n ** 13n])],
    });
    const twoHops = await router(through).route({ input: BONK, output: SOL, amountIn: 10n ** 12n });
    expect(twoHops.route.legs.map((leg) => [leg.pool, leg.input.symbol, leg.output.symbol, leg.path, leg.chained])).toEqual([
      ['raydium:BONK-USDC', 'BONK', 'USDC', 0, false],
      ['raydium:SOL-USDC', 'USDC', 'SOL', 0, true],
    ]);
    expect(twoHops.route.legs[1].amountIn).toBe(twoHops.route.legs[0].amountOut);
    expect(twoHops.bestSinglePool).toBeUndefined();
    expect(twoHops.reason).toBe('via USDC (raydium:BONK-USDC > raydium:SOL-USDC): no single pool of BONK/SOL takes the whole amount (1 route weighed)');
  });

  it('nets out the network fees of each swap, priced in the output token by the best SOL pool', async () => {
    // Two SOL/USDC pools: the fees are priced by the better, whichever is listed first.
    const worse = { ...solUsdc('raydium', 140_000n), id: 'raydium:SOL-USDC@100' };
    const venue = new FakeVenue('raydium', {
      pools: [worse, solUsdc('raydium', 150_000n), listed('raydium', USDC, USDT, (id, mints) => capped(id, mints, 1n, M))],
    });
    const costly = new DexRouter([venue], config({ ROUTING_SWAP_COST_LAMPORTS: '5000' }));
    const toUsdc = await costly.route(REQUEST);
    expect(toUsdc.route.netOut).toBe(toUsdc.route.amountOut - 750_000n);
    const toSol = await costly.route({ input: USDC, output: SOL, amountIn: 150_000_000n });
    expect(toSol.route.netOut).toBe(toSol.route.amountOut - 5_000n);
    // No pool prices SOL against USDT directly: the fees are not counted.
    const toUsdt = await costly.route({ input: USDC, output: USDT, amountIn: 1_000n });
    expect(toUsdt.route.netOut).toBe(toUsdt.route.amountOut);
  });

  it('survives a venue that fails, and reports its error', async () => {
    const decision = await router(
      new FakeVenue('raydium', { fails: 'pool account not found' }),
      new FakeVenue('meteora', { pools: [solUsdc('meteora', 100n)] }),
    ).route(REQUEST);
    expect(decision.route.legs[0].pool).toBe('meteora:SOL-USDC');
    expect(decision.advantageBps).toBeNull();
    expect(decision.outcomes[0]).toEqual({
      venue: 'raydium',
      ok: false,
      error: { code: 'VENUE_ERROR', message: 'pool account not found' },
      latencyMs: expect.any(Number),
    });
  });

  it('does not wait for a venue that never answers beyond the timeout', async () => {
    const started = Date.now();
    const decision = await router(new FakeVenue('raydium', { hangs: true }), new FakeVenue('meteora', { pools: [solUsdc('meteora', 100n)] })).route(REQUEST);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decision.route.legs[0].venue).toBe('meteora');
    expect(decision.outcomes[0]).toMatchObject({ ok: false, error: { code: 'QUOTE_TIMEOUT' } });
  });

  it('fails retryably when venues fail or cannot fill, and permanently when no pool joins the pair', async () => {
    const dead = router(new FakeVenue('raydium', { fails: 'down' }), new FakeVenue('meteora', { hangs: true }));
    await expect(dead.route(REQUEST)).rejects.toMatchObject({ code: 'ALL_VENUES_FAILED', retryable: true });
    await expect(router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 1n)] })).route({ ...REQUEST, output: BONK })).rejects.toMatchObject({
      code: 'NO_ROUTE',
      retryable: false,
      message: 'No venue trades SOL/BONK',
    });
    // Nothing the answering venue lists joins the pair, but the one that failed might: worth another try.
    const partly = router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 1n)] }), new FakeVenue('meteora', { fails: 'down' }));
    await expect(partly.route({ ...REQUEST, output: BONK })).rejects.toMatchObject({ code: 'ALL_VENUES_FAILED', retryable: true });
    const shallow = router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 1n, 10n)] }), new FakeVenue('meteora', { pools: [] }));
    await expect(shallow.route(REQUEST)).rejects.toMatchObject({
      code: 'ALL_VENUES_FAILED',
      quotes: [
        { venue: 'raydium', ok: false, error: { code: 'INSUFFICIENT_LIQUIDITY', message: 'no raydium pool of SOL/USDC takes 1000000000 base units alone' } },
      ],
    });
  });

  it('counts no network fees where no pool holds SOL', async () => {
    const stables = new FakeVenue('raydium', { pools: [listed('raydium', USDC, USDT, (id, mints) => capped(id, mints, 1n, M))] });
    const decision = await new DexRouter([stables], config({ ROUTING_SWAP_COST_LAMPORTS: '5000' })).route({ input: USDC, output: USDT, amountIn: 1_000n });
    expect(decision.route.netOut).toBe(1_000n);
  });

  it("quotes a venue's pool with its fee in bps of what it took", async () => {
    const venue = new FakeVenue('raydium', {
      pools: [listed('raydium', SOL, USDC, (id, mints) => cpmm(id, mints, [10n ** 15n, 15n * 10n ** 13n], 25, 'raydium'))],
    });
    const [quote] = await router(venue).venueQuotes(REQUEST);
    expect(quote).toMatchObject({ ok: true, quote: { feeAmount: 2_500_000n, feeBps: 25, pool: 'raydium:SOL-USDC' } });
  });

  it('quotes every pool of the pair that takes the whole amount, best first, whichever venue lists it', async () => {
    const shallow = solUsdc('meteora', 160n, 10n);
    const other = listed('meteora', USDC, USDT, (id, mints) => capped(id, mints, 1n, M));
    const venues = router(
      new FakeVenue('raydium', { pools: [solUsdc('raydium', 140n), { ...solUsdc('raydium', 150n), id: 'raydium:SOL-USDC@100' }] }),
      new FakeVenue('meteora', { pools: [{ ...shallow, id: 'meteora:SOL-USDC@bin1' }, solUsdc('meteora', 145n), other] }),
    );
    const quotes = await venues.poolQuotes(REQUEST);
    expect(quotes.map((quote) => [quote.pool, quote.venue, quote.amountOut, quote.price])).toEqual([
      ['raydium:SOL-USDC@100', 'raydium', 150_000_000n, 150],
      ['meteora:SOL-USDC', 'meteora', 145_000_000n, 145],
      ['raydium:SOL-USDC', 'raydium', 140_000_000n, 140],
    ]);
  });

  it("quotes each venue's best pool of the pair, leaving out a venue that lists none", async () => {
    const venues = router(
      new FakeVenue('raydium', { pools: [{ ...solUsdc('raydium', 140n), id: 'raydium:SOL-USDC@100' }, solUsdc('raydium', 150n)] }),
      new FakeVenue('meteora', { pools: [] }),
    );
    const quotes = await venues.venueQuotes(REQUEST);
    expect(quotes).toEqual([
      {
        venue: 'raydium',
        ok: true,
        quote: {
          venue: 'raydium',
          pool: 'raydium:SOL-USDC',
          amountIn: 1_000_000_000n,
          amountOut: 150_000_000n,
          feeAmount: 0n,
          feeBps: 0,
          priceImpactBps: 0,
          price: 150,
        },
        latencyMs: expect.any(Number),
      },
    ]);
  });

  it('routes through one named pool alone when asked, and refuses a pool it does not know or that cannot fill', async () => {
    // A curve that prices each way differently: the pool is asked the way the order goes.
    const curve = listed('raydium', SOL, USDC, (id, mints) => cpmm(id, mints, [10n ** 15n, 15n * 10n ** 13n], 25, 'raydium'));
    const venues = router(new FakeVenue('raydium', { pools: [curve] }), new FakeVenue('meteora', { pools: [solUsdc('meteora', 150n, 10n)] }));
    const through = await venues.throughPool(REQUEST, 'raydium:SOL-USDC');
    const expected = curve.quote(SOL.mint, REQUEST.amountIn).amountOut;
    expect(through.route.legs.map((leg) => [leg.pool, leg.input.symbol, leg.output.symbol, leg.amountOut])).toEqual([
      ['raydium:SOL-USDC', 'SOL', 'USDC', expected],
    ]);
    expect(through.route.netOut).toBe(expected);
    expect(through.candidates).toEqual([through.route]);
    expect(through.bestSinglePool).toEqual(through.route);
    await expect(venues.throughPool(REQUEST, 'orca:SOL-USDC')).rejects.toMatchObject({
      code: 'NO_ROUTE',
      message: 'No venue trades SOL/USDC on orca:SOL-USDC',
    });
    await expect(venues.throughPool(REQUEST, 'meteora:SOL-USDC')).rejects.toMatchObject({ code: 'ALL_VENUES_FAILED' });
  });

  it('a snapshot routes any size on the pools as read, gives the spot price and the best single pool, and is undefined for a pair nothing joins', async () => {
    const snapshot = (await router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 150n)] }), new FakeVenue('meteora', { fails: 'down' })).snapshot(
      SOL,
      USDC,
    ))!;
    expect(snapshot.spotPrice).toBe(150);
    expect(snapshot.route(2_000_000_000n)?.route.amountOut).toBe(300_000_000n);
    expect(snapshot.route(2_000_000_000n)).toBe(snapshot.route(2_000_000_000n));
    expect(snapshot.bestSingleOut(2_000_000_000n)).toBe(300_000_000n);
    const capped = (await router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 150n), solUsdc('meteora', 160n, 10n ** 9n)] })).snapshot(SOL, USDC))!;
    expect(capped.bestSingleOut(10n ** 9n)).toBe(160_000_000n);
    expect(capped.bestSingleOut(2n * 10n ** 9n)).toBe(300_000_000n);
    expect(capped.bestSingleOut(2n * M)).toBe(0n);
    expect(capped.route(10n ** 19n)).toBeUndefined();
    expect(await router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 1n)] })).snapshot(SOL, BONK)).toBeUndefined();
    // A pair joined by a pool that takes nothing: no price, and no route of any size.
    const dry = (await router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 150n, 0n)] })).snapshot(SOL, USDC))!;
    expect(dry.spotPrice).toBe(0);
    expect(dry.route(10n ** 9n)).toBeUndefined();
  });

  it('tells a listener when any venue changes, until it stops listening', () => {
    const changes: (() => void)[] = [];
    const venue = new FakeVenue('raydium', {});
    venue.onChange = (listener) => (changes.push(listener), () => changes.splice(0));
    let calls = 0;
    const stop = new DexRouter([venue], config()).onMarketChange(() => calls++);
    changes.forEach((change) => change());
    stop();
    expect(calls).toBe(1);
    expect(changes).toEqual([]);
  });

  it('logs each decision as one structured line (fields, not text) with every quote and the chosen legs, unless asked to be quiet', async () => {
    const lines: object[] = [];
    Logger.overrideLogger({ log: (message: object) => lines.push(message), error: () => undefined, warn: () => undefined });
    try {
      const venues = router(new FakeVenue('raydium', { pools: [solUsdc('raydium', 149n)] }), new FakeVenue('meteora', { fails: 'down' }));
      await venues.route(REQUEST, { orderId: 'o-1', attempt: 2 });
      await venues.route(REQUEST, { quiet: true });
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toEqual([
      {
        msg: 'route chosen',
        orderId: 'o-1',
        attempt: 2,
        pair: 'SOL/USDC',
        amountIn: '1000000000',
        quotes: [
          { venue: 'raydium', pool: 'raydium:SOL-USDC', amountOut: '149000000', priceImpactBps: 0, feeBps: 0 },
          { venue: 'meteora', ok: false, error: { code: 'VENUE_ERROR', message: 'down' }, latencyMs: expect.any(Number) },
        ],
        chosen: 'raydium',
        legs: [{ pool: 'raydium:SOL-USDC', path: 0, amountIn: '1000000000', amountOut: '149000000' }],
        advantageBps: null,
        gainBps: null,
        weighed: 1,
      },
    ]);
  });
});
