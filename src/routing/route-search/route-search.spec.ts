import fc from 'fast-check';
import { capped, counting, cpmm } from '../../../test/support/routable-pools.js';
import type { RoutablePool } from './routable-pool.js';
import { quotePath, sharePool, type RoutePath } from './route-path.js';
import { DEFAULT_SEARCH_LIMITS, fittingSets, searchRoute, type RouteSearch, type SearchedRoute } from './route-search.js';

const M = 10n ** 12n;
const request = (amountIn: bigint, swapCost = 0n, from = 'A', to = 'C') => ({ from, to, amountIn, swapCost });
const shape = (route: SearchedRoute) => route.paths.map(({ path, fill }) => `${path.pools.map((pool) => pool.id).join('>')}:${fill.amountIn}`);
const pools = (route: SearchedRoute) => route.paths.map(({ path }) => path.pools.map((pool) => pool.id).join('>'));

describe('fittingSets', () => {
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((id) => capped(id, ['X', 'Y'], 1n, 1n));
  const p1 = { pools: [a], mints: [] };
  const p2 = { pools: [b], mints: [] };
  const p3 = { pools: [c, d], mints: [] };
  const p4 = { pools: [a, e], mints: [] };

  it('lists every set of paths that shares no pool and fits the swaps a transaction holds', () => {
    const names = new Map<RoutePath, string>([
      [p1, 'p1'],
      [p2, 'p2'],
      [p3, 'p3'],
      [p4, 'p4'],
    ]);
    const named = (sets: RoutePath[][]) => sets.map((set) => set.map((path) => names.get(path)).join('+'));
    expect(named(fittingSets([p1, p2, p3, p4], 3))).toEqual(['p1', 'p1+p2', 'p1+p3', 'p2', 'p2+p3', 'p2+p4', 'p3', 'p4']);
    expect(named(fittingSets([p1, p2, p3, p4], 4))).toContain('p1+p2+p3');
    expect(named(fittingSets([p1, p2, p3, p4], 1))).toEqual(['p1', 'p2']);
    expect(fittingSets([], 3)).toEqual([]);
  });
});

describe('searchRoute', () => {
  const deep = (id: string, feeBps: number, mints: [string, string] = ['A', 'C'], depth = M) => cpmm(id, mints, [depth, 2n * depth], feeBps);

  it('sends a small order to the pool with the lowest fee, alone, net of one swap', () => {
    const search = searchRoute([deep('ac-30', 30), deep('ac-5', 5), deep('ac-100', 100)], request(1_000_000n, 7n))!;
    expect(shape(search.chosen)).toEqual(['ac-5:1000000']);
    const out = quotePath(search.chosen.paths[0].path, 1_000_000n).amountOut;
    expect(search.chosen).toMatchObject({ amountOut: out, swaps: 1, netOut: out - 7n });
    expect(search.bestSinglePool).toEqual(search.chosen);
    expect(search.candidates[0]).toBe(search.chosen);
    // The division over every pool gave every part to one: no split was weighed.
    expect(search.candidates.every((route) => route.paths.length === 1)).toBe(true);
  });

  it('splits an order too large for one pool between two alike, about evenly, and gains over either alone', () => {
    const amount = M / 5n;
    const search = searchRoute([deep('ac-1', 25), deep('ac-2', 25)], request(amount))!;
    const [first, second] = search.chosen.paths.map(({ fill }) => fill.amountIn);
    expect(first + second).toBe(amount);
    expect(Number(first - second) / Number(amount)).toBeCloseTo(0, 4);
    expect(search.chosen.swaps).toBe(2);
    expect(search.chosen.amountOut).toBe(search.chosen.paths.reduce((sum, { fill }) => sum + fill.amountOut, 0n));
    expect(search.chosen.amountOut).toBeGreaterThan(search.bestSinglePool!.amountOut);
  });

  it('splits only when the split gains more than its extra swap costs', () => {
    const market = [deep('ac-1', 25), deep('ac-2', 25)];
    const amount = M / 50n;
    const split = searchRoute(market, request(amount))!;
    const gain = split.chosen.amountOut - split.bestSinglePool!.amountOut;
    expect(split.chosen.swaps).toBe(2);
    expect(searchRoute(market, request(amount, gain - 1n))!.chosen.swaps).toBe(2);
    const single = searchRoute(market, request(amount, gain + 1n))!;
    expect(single.chosen.swaps).toBe(1);
    expect(single.chosen.netOut).toBe(single.bestSinglePool!.netOut);
    expect(single.candidates.find((route) => route.swaps === 2)!.netOut).toBeLessThan(single.chosen.netOut);
  });

  it('goes through another token when that gives more, net of the second swap, and not when it does not', () => {
    const market = [cpmm('ac', ['A', 'C'], [M, 2n * M], 100), cpmm('ab', ['A', 'B'], [M, M], 1), cpmm('bc', ['B', 'C'], [M, 2n * M], 1)];
    const through = searchRoute(market, request(1_000_000n))!;
    expect(pools(through.chosen)).toEqual(['ab>bc']);
    expect(through.chosen.paths[0].path.mints).toEqual(['A', 'B', 'C']);
    expect(through.chosen.swaps).toBe(2);
    const advantage = through.chosen.amountOut - through.bestSinglePool!.amountOut;
    expect(pools(searchRoute(market, request(1_000_000n, advantage - 1n))!.chosen)).toEqual(['ab>bc']);
    expect(pools(searchRoute(market, request(1_000_000n, advantage + 1n))!.chosen)).toEqual(['ac']);
  });

  it('prefers fewer swaps between routes that give the same', () => {
    const market = [capped('ac', ['A', 'C'], 6n, M), capped('ab', ['A', 'B'], 2n, M), capped('bc', ['B', 'C'], 3n, M)];
    const search = searchRoute(market, request(1_000n))!;
    expect(pools(search.chosen)).toEqual(['ac']);
    expect(search.candidates.map((route) => [pools(route), route.netOut])).toEqual([
      [['ac'], 6_000n],
      [['ab>bc'], 6_000n],
    ]);
  });

  it('routes a pair with no pool of its own through another token, with no single pool to compare with', () => {
    const search = searchRoute([deep('ab', 25, ['A', 'B']), deep('bc', 25, ['B', 'C'])], request(1_000n))!;
    expect(pools(search.chosen)).toEqual(['ab>bc']);
    expect(search.bestSinglePool).toBeUndefined();
  });

  it('finds no route when nothing joins the pair, or nothing can take the whole amount', () => {
    expect(searchRoute([deep('ab', 25, ['A', 'B'])], request(1_000n))).toBeUndefined();
    const shallow = [capped('ac-1', ['A', 'C'], 1n, 100n), capped('ac-2', ['A', 'C'], 1n, 100n)];
    expect(searchRoute(shallow, request(201n))).toBeUndefined();
    expect(shape(searchRoute(shallow, request(200n))!.chosen)).toEqual(['ac-1:100', 'ac-2:100']);
  });

  it('compares with the best single pool even when the shortlist by a share of the amount would leave it out', () => {
    // For a third of the amount the capped pools pay more; only the deep one takes all of it.
    const market = [
      capped('ac-a', ['A', 'C'], 9n, 400n),
      capped('ac-b', ['A', 'C'], 9n, 400n),
      capped('ac-c', ['A', 'C'], 9n, 400n),
      capped('ac-deep', ['A', 'C'], 1n, M),
    ];
    const search = searchRoute(market, request(3_000n), { ...DEFAULT_SEARCH_LIMITS, poolsPerHop: 3 })!;
    expect(pools(search.bestSinglePool!)).toEqual(['ac-deep']);
    expect(search.chosen.netOut).toBeGreaterThanOrEqual(search.bestSinglePool!.netOut);
  });

  it("takes as the pair's best single pool only its own pools that take the whole amount, the first of equals", () => {
    // A pool whose first token is the one bought but which does not hold the one sold is not the pair's.
    const stranger = capped('cx', ['C', 'X'], 100n, M);
    const [first, second] = [capped('ac-1', ['A', 'C'], 2n, M), capped('ac-2', ['C', 'A'], 2n, M)];
    const search = searchRoute([stranger, first, second], request(1_000n))!;
    expect(pools(search.bestSinglePool!)).toEqual(['ac-1']);
    expect(search.bestSinglePool!.amountOut).toBe(2_000n);
    // Only pools that run out before the amount: none is a single pool, though a path through B fills it.
    const short = [capped('ac', ['A', 'C'], 9n, 10n), capped('ab', ['A', 'B'], 1n, M), capped('bc', ['B', 'C'], 1n, M)];
    const through = searchRoute(short, request(1_000n))!;
    expect(through.bestSinglePool).toBeUndefined();
    expect(shape(through.chosen)).toEqual(['ac:10', 'ab>bc:990']);
  });

  it('weighs, for a split, the pools that pay most for a share of the amount, not for a sliver of it', () => {
    // With one pool kept per pair: for a third of the amount the mid pool pays most (the tiny one runs out), so it
    // joins the deep one, which pays most for the whole.
    const market = [capped('ac-tiny', ['A', 'C'], 9n, 10n), capped('ac-mid', ['A', 'C'], 5n, 400n), capped('ac-deep', ['A', 'C'], 2n, M)];
    const search = searchRoute(market, request(1_200n), { ...DEFAULT_SEARCH_LIMITS, poolsPerHop: 1 })!;
    expect(shape(search.chosen).sort()).toEqual(['ac-deep:800', 'ac-mid:400']);
  });

  it('weighs the paths through other tokens that carry most, wherever they are listed, and the one best alone', () => {
    // Three ways through another token; the best is listed last, and one pool of the pair is poor.
    const market = [
      capped('ac', ['A', 'C'], 1n, M),
      capped('ab', ['A', 'B'], 1n, M),
      capped('bc', ['B', 'C'], 2n, M),
      capped('ad', ['A', 'D'], 1n, M),
      capped('dc', ['D', 'C'], 2n, M),
      capped('ae', ['A', 'E'], 3n, M),
      capped('ec', ['E', 'C'], 1n, 600n),
      capped('af', ['A', 'F'], 1n, M),
      capped('fc', ['F', 'C'], 4n, M),
    ];
    const search = searchRoute(market, request(1_000n), { ...DEFAULT_SEARCH_LIMITS, shortlist: 1 })!;
    expect(pools(search.chosen)).toEqual(['af>fc']);
    expect(search.chosen.amountOut).toBe(4_000n);
  });

  it('weighs the paths through another token that carry most where the amount is divided over all, wherever they are listed', () => {
    // Rates per unit: the pair's own pool 10; through D 12, through B 15, through E 30 for its first 300 units only.
    const market = [
      capped('ac', ['A', 'C'], 10n, M),
      capped('ad', ['A', 'D'], 1n, M),
      capped('dc', ['D', 'C'], 12n, M),
      capped('ab', ['A', 'B'], 1n, M),
      capped('bc', ['B', 'C'], 15n, M),
      capped('ae', ['A', 'E'], 1n, M),
      capped('ec', ['E', 'C'], 30n, 300n),
    ];
    // Best: E's 300 units and the rest in the pair's pool (3 swaps), 16,000; through B alone gives 15,000.
    const search = searchRoute(market, request(1_000n), { ...DEFAULT_SEARCH_LIMITS, shortlist: 2 })!;
    expect(shape(search.chosen).sort()).toEqual(['ac:700', 'ae>ec:300']);
    expect(search.chosen.amountOut).toBe(16_000n);
    // Only the two that carry most are combined (through D is not): the pair's pool alone, with E, with B (which
    // leaves it nothing); B alone.
    expect(search.candidates.map(pools).sort()).toEqual([['ab>bc'], ['ab>bc'], ['ac'], ['ac', 'ae>ec']]);
  });

  it('weighs the path through another token that gives most alone, though others carry more at the margin', () => {
    // Through B and D: high rates for 300 and 450 units; through E: 15 per unit for any amount; the pair's own pool 1.
    const market = [
      capped('ac', ['A', 'C'], 1n, M),
      capped('ab', ['A', 'B'], 1n, M),
      capped('bc', ['B', 'C'], 30n, 300n),
      capped('ad', ['A', 'D'], 1n, M),
      capped('dc', ['D', 'C'], 29n, 450n),
      capped('ae', ['A', 'E'], 1n, M),
      capped('ec', ['E', 'C'], 15n, M),
    ];
    // D carries most where the amount is divided over every path, but through E alone (15,000) beats D's 450 units
    // with the rest in the pair's pool (13,600).
    const search = searchRoute(market, request(1_000n), { ...DEFAULT_SEARCH_LIMITS, shortlist: 1 })!;
    expect(shape(search.chosen)).toEqual(['ae>ec:1000']);
  });

  it('keeps a route as divided when refining would add a swap worth less than it costs (a case the routing bench found)', () => {
    // Every part goes to the shallow pool; at smaller steps the deep one, at a slightly lower price, gains a little.
    const market = [cpmm('ac-shallow', ['A', 'C'], [10n ** 9n, 10n ** 9n], 0), cpmm('ac-deep', ['A', 'C'], [10n ** 12n, 981n * 10n ** 9n], 0)];
    const free = searchRoute(market, request(10n ** 7n))!;
    expect(pools(free.chosen).sort()).toEqual(['ac-deep', 'ac-shallow']);
    const gain = free.chosen.amountOut - free.bestSinglePool!.amountOut;
    expect(gain).toBeGreaterThan(0n);
    const costly = searchRoute(market, request(10n ** 7n, gain + 1n))!;
    expect(pools(costly.chosen)).toEqual(['ac-shallow']);
    expect(costly.chosen).toEqual(costly.bestSinglePool);
  });

  it('divides between two pools where one alone is about as good: refined from the larger set (a case found by the property below)', () => {
    const [amount, fee, depth] = [414_243_286_334n, 1, 1_606_431_588_507n];
    const market = [cpmm('ac-1', ['A', 'C'], [M, 2n * M], fee), cpmm('ac-2', ['A', 'C'], [depth, 3n * depth], 30)];
    const search = searchRoute(market, request(amount))!;
    expect(pools(search.chosen).sort()).toEqual(['ac-1', 'ac-2']);
    expect(search.chosen.amountOut).toBeGreaterThanOrEqual(986_596_000_000n);
  });

  it('uses at most the swaps a transaction holds, however large the order', () => {
    const market = Array.from({ length: 6 }, (_, i) => deep(`ac-${i}`, 25));
    expect(searchRoute(market, request(M))!.chosen.swaps).toBe(3);
    expect(searchRoute(market, request(M), { ...DEFAULT_SEARCH_LIMITS, maxSwaps: 2 })!.chosen.swaps).toBe(2);
  });

  it('asks each pool each question once', () => {
    const market = [counting(deep('ac-1', 25)), counting(deep('ac-2', 30))];
    searchRoute(market, request(M / 5n));
    const asked = market.map((pool) => pool.asked());
    market.forEach((pool) => pool.quote('A', 1n));
    expect(market.map((pool) => pool.asked())).toEqual(asked.map((n) => n + 1));
    // Without memory the division, the shortlist and the sets would ask far more.
    expect(asked.every((n) => n < 120)).toBe(true);
  });
});

describe('searchRoute, on random markets', () => {
  const mints = ['A', 'B', 'C', 'D'];
  const poolArb = fc
    .record({
      pair: fc.constantFrom<[string, string]>(['A', 'C'], ['A', 'B'], ['B', 'C'], ['A', 'D'], ['D', 'C'], ['C', 'A']),
      reserve: fc.bigInt({ min: 10n ** 8n, max: 10n ** 13n }),
      ratio: fc.integer({ min: 80, max: 120 }),
      feeBps: fc.constantFrom(1, 5, 25, 100),
      capacity: fc.option(fc.bigInt({ min: 10n ** 6n, max: 10n ** 12n }), { nil: undefined }),
    })
    .map(({ pair, reserve, ratio, feeBps, capacity }) => ({ pair, reserve, ratio, feeBps, capacity }));
  const marketArb = fc.array(poolArb, { minLength: 1, maxLength: 9 }).map((specs) =>
    specs.map(({ pair, reserve, ratio, feeBps, capacity }, i): RoutablePool => {
      const id = `${pair.join('')}-${i}`;
      return capacity === undefined ? cpmm(id, pair, [reserve, (reserve * BigInt(ratio)) / 100n], feeBps) : capped(id, pair, 1n, capacity);
    }),
  );
  const amountArb = fc.bigInt({ min: 1n, max: 10n ** 12n });
  const costArb = fc.bigInt({ min: 0n, max: 10n ** 6n });

  const holds = (property: (market: RoutablePool[], search: RouteSearch, amount: bigint, cost: bigint) => void) =>
    fc.assert(
      fc.property(marketArb, amountArb, costArb, (market, amount, cost) => {
        const search = searchRoute(market, request(amount, cost));
        if (search) property(market, search, amount, cost);
      }),
      { numRuns: process.env.MUTATION_RUN ? 12 : 150 },
    );

  it('never yields less, net, than the best single pool, nor than any one path alone', () => {
    holds((market, search, amount, cost) => {
      if (search.bestSinglePool) expect(search.chosen.netOut).toBeGreaterThanOrEqual(search.bestSinglePool.netOut);
      const direct = market.filter((pool) => pool.mints.includes('A') && pool.mints.includes('C'));
      for (const pool of direct) {
        const alone = quotePath({ pools: [pool], mints: ['A', 'C'] }, amount);
        if (alone.filled) expect(search.chosen.netOut).toBeGreaterThanOrEqual(alone.amountOut - cost);
      }
    });
  });

  it('chooses a path through another token only when it beats every single pool net of fees', () => {
    holds((_market, search) => {
      const throughAnother = search.chosen.paths.some(({ path }) => path.pools.length > 1);
      if (throughAnother && search.bestSinglePool) expect(search.chosen.netOut).toBeGreaterThan(search.bestSinglePool.netOut);
    });
  });

  it('chooses one transaction: paths that share no pool, within the swaps it holds, taking exactly the amount', () => {
    holds((_market, search, amount, cost) => {
      const { paths, swaps, amountOut, netOut } = search.chosen;
      expect(paths.reduce((sum, { fill }) => sum + fill.amountIn, 0n)).toBe(amount);
      expect(paths.reduce((sum, { fill }) => sum + fill.amountOut, 0n)).toBe(amountOut);
      expect(swaps).toBe(paths.reduce((sum, { path }) => sum + path.pools.length, 0));
      expect(swaps).toBeLessThanOrEqual(DEFAULT_SEARCH_LIMITS.maxSwaps);
      expect(netOut).toBe(amountOut - BigInt(swaps) * cost);
      for (const [i, { path, fill }] of paths.entries()) {
        expect(fill).toEqual(quotePath(path, fill.amountIn));
        expect(fill.filled && fill.amountIn > 0n).toBe(true);
        expect(path.mints[0]).toBe('A');
        expect(path.mints.at(-1)).toBe('C');
        for (const other of paths.slice(i + 1)) expect(sharePool(path, other.path)).toBe(false);
      }
      expect(search.candidates[0]).toBe(search.chosen);
      for (const candidate of search.candidates) expect(candidate.netOut).toBeLessThanOrEqual(netOut);
    });
  });

  it('comes within 0.1% of the best division between two pools, tried at every 1/2,000 of the amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 9n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 100 }),
        fc.bigInt({ min: 10n ** 11n, max: 10n ** 13n }),
        (amount, fee, depth) => {
          const market = [cpmm('ac-1', ['A', 'C'], [M, 2n * M], fee), cpmm('ac-2', ['A', 'C'], [depth, 3n * depth], 30)];
          const paths = market.map((pool) => ({ pools: [pool], mints: ['A', 'C'] }));
          let best = 0n;
          for (let k = 0n; k <= 2_000n; k++) {
            const a = (amount * k) / 2_000n;
            const out = quotePath(paths[0], a).amountOut + quotePath(paths[1], amount - a).amountOut;
            if (out > best) best = out;
          }
          expect(Number(searchRoute(market, request(amount))!.chosen.amountOut)).toBeGreaterThanOrEqual(Number(best) * 0.999);
        },
      ),
      { numRuns: process.env.MUTATION_RUN ? 4 : 40 },
    );
  });

  it('uses every mint named, and none other', () => {
    holds((_market, search) => {
      for (const { path } of search.chosen.paths) for (const mint of path.mints) expect(mints).toContain(mint);
    });
  });
});
