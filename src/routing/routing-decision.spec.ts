import { capped, cpmm } from '../../test/support/routable-pools.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import { DEFAULT_TOKENS, type Token } from '../tokens/token.js';
import type { QuoteRequest, VenuePool, VenueQuote } from './quote-provider.js';
import type { RoutablePool } from './route-search/routable-pool.js';
import { searchRoute } from './route-search/route-search.js';
import { decide, routePaths, routeVenue, toQuoteViews, toRouteView, type VenueOutcome } from './routing-decision.js';

const [SOL, USDC, USDT] = DEFAULT_TOKENS;

const listed = (venue: VenueId, a: Token, b: Token, make: (id: string, mints: [string, string]) => RoutablePool, tier = ''): VenuePool => ({
  ...make(`${venue}:${a.symbol}-${b.symbol}${tier}`, [a.mint, b.mint]),
  venue,
  tokens: [a, b],
});
const deep = (venue: VenueId, a: Token, b: Token, reserves: [bigint, bigint], feeBps = 25, tier = '') =>
  listed(venue, a, b, (id, mints) => cpmm(id, mints, reserves, feeBps, venue), tier);
const SOL_USDC: [bigint, bigint] = [10n ** 15n, 15n * 10n ** 13n];

function decided(pools: VenuePool[], request: QuoteRequest, outcomes: VenueOutcome[] = [], swapCost = 0n) {
  const search = searchRoute(pools, { from: request.input.mint, to: request.output.mint, amountIn: request.amountIn, swapCost })!;
  return decide(request, search, new Map(pools.map((pool) => [pool.id, pool])), outcomes);
}
const quote = (venue: VenueId, amountOut: bigint): VenueOutcome => ({
  venue,
  ok: true,
  quote: { venue, pool: `${venue}:SOL-USDC`, amountIn: 1n, amountOut, feeAmount: 0n, feeBps: 25, priceImpactBps: 1.5, price: 150 } as VenueQuote,
  latencyMs: 3,
});

describe('a routing decision', () => {
  it('of one pool: its leg, the pool it beat, no gain over itself, and why', () => {
    const request = { input: SOL, output: USDC, amountIn: 10n ** 9n };
    const decision = decided([deep('raydium', SOL, USDC, SOL_USDC, 25), deep('meteora', SOL, USDC, SOL_USDC, 30)], request, [
      quote('meteora', 99n),
      quote('raydium', 100n),
    ]);
    expect(decision.route.legs).toHaveLength(1);
    expect(decision.bestSinglePool).toEqual(decision.route);
    expect(decision.gainBps).toBeNull();
    expect(decision.advantageBps).toBe(101.01);
    expect(decision.candidates.map((c) => c.legs.map((leg) => leg.pool))).toEqual([['raydium:SOL-USDC'], ['meteora:SOL-USDC']]);
    const view = toRouteView(decision);
    expect(view).toMatchObject({
      venue: 'raydium',
      kind: 'single',
      hops: 1,
      amountIn: '1000000000',
      amountOut: `${decision.route.amountOut}`,
      netOut: `${decision.route.netOut}`,
      advantageBps: 101.01,
      bestSinglePool: { pool: 'raydium:SOL-USDC', amountOut: `${decision.route.amountOut}`, netOut: `${decision.route.netOut}` },
      gainBps: null,
      splitGainBps: null,
      reason: 'raydium:SOL-USDC alone returns the most USDC: no split or path through another token gives more net of fees (2 routes weighed)',
    });
    expect(view.price).toBeCloseTo(149.62, 2);
    expect(view.legs).toEqual([
      {
        venue: 'raydium',
        pool: 'raydium:SOL-USDC',
        input: 'SOL',
        output: 'USDC',
        path: 0,
        amountIn: '1000000000',
        amountOut: `${decision.route.amountOut}`,
        shareBps: 10_000,
        feeAmount: '2500000',
        priceImpactBps: 0,
      },
    ]);
    expect(view.candidates.map((c) => [c.paths, c.swaps, c.vsChosenBps])).toEqual([
      [[{ pools: ['raydium:SOL-USDC'], via: [], shareBps: 10_000, feeBps: 25, priceImpactBps: 0 }], 1, 0],
      [[{ pools: ['meteora:SOL-USDC'], via: [], shareBps: 10_000, feeBps: 30, priceImpactBps: 0 }], 1, -5.01],
    ]);
    expect(view.candidates[1]).toMatchObject({ amountOut: `${decision.candidates[1].amountOut}`, netOut: `${decision.candidates[1].netOut}` });
  });

  it('of a split: each path with its share, the venues it goes through, its gain over the best single pool', () => {
    const request = { input: SOL, output: USDC, amountIn: 10n ** 14n };
    const decision = decided([deep('meteora', SOL, USDC, SOL_USDC), deep('raydium', SOL, USDC, SOL_USDC)], request, [quote('raydium', 5n)]);
    const view = toRouteView(decision);
    expect(decision.advantageBps).toBeNull();
    expect(view.kind).toBe('split');
    expect(view.hops).toBe(1);
    expect(view.venue).toBe(routeVenue(decision.route));
    expect(view.venue.split('+').sort()).toEqual(['meteora', 'raydium']);
    expect(view.legs.map((leg) => leg.path)).toEqual([0, 1]);
    expect(view.legs.reduce((sum, leg) => sum + leg.shareBps, 0)).toBeGreaterThanOrEqual(9_999);
    expect(view.legs.map((leg) => leg.shareBps)).toEqual(routePaths(decision.route).map((path) => Number((path[0].amountIn * 10_000n) / request.amountIn)));
    expect(decision.gainBps).toBeGreaterThan(100);
    expect(view.gainBps).toBe(decision.gainBps);
    expect(view.splitGainBps).toBe(decision.gainBps);
    const shares = routePaths(decision.route).map((path) => `${Number((path[0].amountIn * 10_000n) / request.amountIn) / 100}% ${path[0].pool}`);
    expect(decision.reason).toBe(
      `split ${shares.join(' / ')} returns ${decision.gainBps} bps more USDC than ${decision.bestSinglePool!.legs[0].pool} alone, net of fees and price impact (${decision.candidates.length} routes weighed)`,
    );
  });

  it("of a split between the best single pool and a path through another token: hops 2, the gain over that pool, the impact weighed by each path's share", () => {
    const [direct, first, second] = [
      listed('raydium', SOL, USDC, (id, mints) => capped(id, mints, 150n, 10n ** 15n, 'raydium')),
      listed('raydium', SOL, USDT, (id, mints) => capped(id, mints, 150n, 10n ** 15n, 'raydium')),
      listed('meteora', USDT, USDC, (id, mints) => capped(id, mints, 1n, 10n ** 15n)),
    ];
    const hop = (pool: VenuePool, input: Token, output: Token, amountIn: bigint, amountOut: bigint, priceImpactBps: number, feeAmount = 0n) => ({
      pool,
      inputMint: input.mint,
      outputMint: output.mint,
      amountIn,
      amountOut,
      feeAmount,
      priceImpactBps,
    });
    const fill = (hops: ReturnType<typeof hop>[]) => ({ amountIn: hops[0].amountIn, amountOut: hops.at(-1)!.amountOut, filled: true, hops });
    const alone = { path: { pools: [direct], mints: [SOL.mint, USDC.mint] }, fill: fill([hop(direct, SOL, USDC, 4_000n, 590_000n, 40)]) };
    const single = { paths: [alone], amountOut: 590_000n, swaps: 1, netOut: 590_000n };
    const split = {
      paths: [
        { path: alone.path, fill: fill([hop(direct, SOL, USDC, 1_000n, 150_000n, 10, 3n)]) },
        {
          path: { pools: [first, second], mints: [SOL.mint, USDT.mint, USDC.mint] },
          fill: fill([hop(first, SOL, USDT, 3_000n, 450_000n, 20, 6n), hop(second, USDT, USDC, 450_000n, 449_000n, 5.5, 45n)]),
        },
      ],
      amountOut: 600_500n,
      swaps: 3,
      netOut: 599_000n,
    };
    const request = { input: SOL, output: USDC, amountIn: 4_000n };
    const pools = new Map([direct, first, second].map((pool) => [pool.id, pool]));
    const decision = decide(request, { chosen: split, bestSinglePool: single, candidates: [split, single] }, pools, []);
    const view = toRouteView(decision);
    expect(decision.gainBps).toBe(152.54);
    expect(view).toMatchObject({ kind: 'split', hops: 2, gainBps: 152.54, bestSinglePool: { pool: 'raydium:SOL-USDC', amountOut: '590000' } });
    // (10 bps on a quarter, 20 + 5.5 bps on three quarters: 21.625.)
    expect(view.priceImpactBps).toBe(21.63);
    // Each candidate: its paths' pool fees and impacts, its network fees, its impact.
    expect(view.candidates.map(({ paths, networkFee, priceImpactBps, vsChosenBps }) => ({ paths, networkFee, priceImpactBps, vsChosenBps }))).toEqual([
      {
        paths: [
          { pools: ['raydium:SOL-USDC'], via: [], shareBps: 2_500, feeBps: 30, priceImpactBps: 10 },
          { pools: ['raydium:SOL-USDT', 'meteora:USDT-USDC'], via: ['USDT'], shareBps: 7_500, feeBps: 21, priceImpactBps: 25.5 },
        ],
        networkFee: '1500',
        priceImpactBps: 21.63,
        vsChosenBps: 0,
      },
      {
        paths: [{ pools: ['raydium:SOL-USDC'], via: [], shareBps: 10_000, feeBps: 0, priceImpactBps: 40 }],
        networkFee: '0',
        priceImpactBps: 40,
        vsChosenBps: -150.25,
      },
    ]);
    expect(decision.reason).toBe(
      'split 25% raydium:SOL-USDC / 75% via USDT (raydium:SOL-USDT > meteora:USDT-USDC) returns 152.54 bps more USDC than raydium:SOL-USDC alone, net of fees and price impact (2 routes weighed)',
    );
    // Another pool of the pair alone (a search's tie, or a pool that nets more after a fee tier): still a gain over the best single pool.
    const other = listed('raydium', SOL, USDC, (id, mints) => capped(id, mints, 150n, 10n ** 15n, 'raydium'), '@100');
    const otherAlone = {
      paths: [{ path: { pools: [other], mints: [SOL.mint, USDC.mint] }, fill: fill([hop(other, SOL, USDC, 4_000n, 591_000n, 40)]) }],
      amountOut: 591_000n,
      swaps: 1,
      netOut: 591_000n,
    };
    const tier = decide(request, { chosen: otherAlone, bestSinglePool: single, candidates: [otherAlone, single] }, new Map([...pools, [other.id, other]]), []);
    expect(tier.gainBps).toBe(16.94);
  });

  it('of a path through another token: two chained legs on one path, the token it goes through, and the pools', () => {
    const request = { input: SOL, output: USDT, amountIn: 10n ** 9n };
    const pools = [
      deep('raydium', SOL, USDC, SOL_USDC, 1),
      deep('meteora', USDC, USDT, [10n ** 14n, 10n ** 14n], 1),
      deep('raydium', SOL, USDT, SOL_USDC, 100),
    ];
    const decision = decided(pools, request);
    const view = toRouteView(decision);
    expect(view).toMatchObject({ kind: 'single', hops: 2, venue: 'raydium+meteora' });
    expect(view.legs.map((leg) => [leg.pool, leg.input, leg.output, leg.path, leg.shareBps])).toEqual([
      ['raydium:SOL-USDC', 'SOL', 'USDC', 0, 10_000],
      ['meteora:USDC-USDT', 'USDC', 'USDT', 0, 10_000],
    ]);
    expect(decision.route.legs.map((leg) => leg.chained)).toEqual([false, true]);
    expect(decision.route.amountIn).toBe(request.amountIn);
    expect(view.candidates[0].paths).toEqual([
      { pools: ['raydium:SOL-USDC', 'meteora:USDC-USDT'], via: ['USDC'], shareBps: 10_000, feeBps: 2, priceImpactBps: 0 },
    ]);
    expect(view.candidates[0].swaps).toBe(2);
    expect(decision.reason).toBe(
      `via USDC (raydium:SOL-USDC > meteora:USDC-USDT) returns ${decision.gainBps} bps more USDT than raydium:SOL-USDT alone, net of fees and price impact (${decision.candidates.length} routes weighed)`,
    );
  });

  it('shows at most five of the routes weighed, and says how many it weighed', () => {
    const pools = Array.from({ length: 5 }, (_, i) => deep('raydium', SOL, USDC, SOL_USDC, 25 + i, `#${i}`));
    const decision = decided(pools, { input: SOL, output: USDC, amountIn: 10n ** 14n });
    expect(decision.candidates).toHaveLength(5);
    expect(decision.candidates[0]).toEqual(decision.route);
    const weighed = Number(/\((\d+) routes weighed\)/.exec(decision.reason)![1]);
    expect(weighed).toBeGreaterThan(5);
  });

  it('of one route weighed says so in the singular', () => {
    const pools = [listed('raydium', SOL, USDC, (id, mints) => capped(id, mints, 150n, 10n ** 12n))];
    expect(decided(pools, { input: SOL, output: USDC, amountIn: 10n }).reason).toContain('(1 route weighed)');
  });
});

describe('venue quotes as clients see them', () => {
  it('show each answer with its pool, amounts as strings, and each failure with its error', () => {
    const failed: VenueOutcome = { venue: 'meteora', ok: false, error: { code: 'QUOTE_TIMEOUT', message: 'no quote within 5 ms' }, latencyMs: 5 };
    expect(toQuoteViews([quote('raydium', 149_000_000n), failed])).toEqual([
      {
        venue: 'raydium',
        ok: true,
        pool: 'raydium:SOL-USDC',
        amountIn: '1',
        amountOut: '149000000',
        price: 150,
        priceImpactBps: 1.5,
        feeBps: 25,
        feeAmount: '0',
        latencyMs: 3,
      },
      failed,
    ]);
  });
});
