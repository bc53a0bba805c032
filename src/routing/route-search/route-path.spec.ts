import { capped, cpmm } from '../../../test/support/routable-pools.js';
import { otherMint, remembering } from './routable-pool.js';
import { candidatePaths, pathOut, quotePath, sharePool, type RoutePath } from './route-path.js';

const ids = (paths: readonly RoutePath[]) => paths.map((path) => path.pools.map((pool) => pool.id).join('>'));
const M = 10n ** 12n;

describe('quotePath', () => {
  const ab = cpmm('ab', ['A', 'B'], [M, 2n * M], 0);
  const bc = cpmm('bc', ['B', 'C'], [M, 3n * M], 0);

  it('feeds each hop what the one before gave, and names the tokens in and out of each', () => {
    const fill = quotePath({ pools: [ab, bc], mints: ['A', 'B', 'C'] }, 1_000_000n);
    const first = ab.quote('A', 1_000_000n).amountOut;
    expect(fill.hops.map((hop) => [hop.pool.id, hop.inputMint, hop.outputMint, hop.amountIn])).toEqual([
      ['ab', 'A', 'B', 1_000_000n],
      ['bc', 'B', 'C', first],
    ]);
    expect(fill).toMatchObject({ amountIn: 1_000_000n, amountOut: bc.quote('B', first).amountOut, filled: true });
    expect(fill.hops[1].amountOut).toBe(fill.amountOut);
  });

  it('quotes a pool the other way round when the path enters it by its second token', () => {
    const fill = quotePath({ pools: [bc], mints: ['C', 'B'] }, 3_000_000n);
    expect(fill.amountOut).toBe(bc.quote('C', 3_000_000n).amountOut);
    expect(fill.amountOut).toBeLessThan(1_000_000n);
  });

  it('is not filled, and gives nothing, when any hop cannot take all it is given', () => {
    const shallow = capped('shallow', ['B', 'C'], 1n, 500n);
    const fill = quotePath({ pools: [ab, shallow], mints: ['A', 'B', 'C'] }, 1_000n);
    expect(fill).toMatchObject({ filled: false, amountOut: 0n });
    expect(fill.hops[1]).toMatchObject({ amountIn: 500n, amountOut: 500n });
    expect(pathOut({ pools: [shallow], mints: ['B', 'C'] }, 500n)).toBe(500n);
    expect(pathOut({ pools: [shallow], mints: ['B', 'C'] }, 501n)).toBe(0n);
  });
});

describe('candidatePaths', () => {
  const direct1 = capped('ac-1', ['A', 'C'], 10n, 10n ** 9n);
  const direct2 = capped('ac-2', ['C', 'A'], 9n, 10n ** 9n);
  const ab = capped('ab', ['A', 'B'], 2n, 10n ** 9n);
  const bc = capped('bc', ['B', 'C'], 6n, 10n ** 9n);
  const ad = capped('ad', ['D', 'A'], 1n, 10n ** 9n);
  const dc = capped('dc', ['D', 'C'], 1n, 10n ** 9n);
  const unrelated = capped('xy', ['X', 'Y'], 1n, 10n ** 9n);
  const pools = [direct1, direct2, ab, bc, ad, dc, unrelated];

  it("lists the pair's own pools, either way round, and every path through a token paired with both", () => {
    expect(ids(candidatePaths(pools, 'A', 'C', 100n, { maxHops: 2, poolsPerHop: 9 }))).toEqual(['ac-1', 'ac-2', 'ab>bc', 'ad>dc']);
    expect(candidatePaths(pools, 'A', 'C', 100n, { maxHops: 2, poolsPerHop: 9 })[2].mints).toEqual(['A', 'B', 'C']);
  });

  it('goes through no intermediate token with one hop allowed', () => {
    expect(ids(candidatePaths(pools, 'A', 'C', 100n, { maxHops: 1, poolsPerHop: 9 }))).toEqual(['ac-1', 'ac-2']);
  });

  it('never goes through the token it is going to, nor leaves by a pool of another pair', () => {
    expect(ids(candidatePaths(pools, 'B', 'C', 100n, { maxHops: 2, poolsPerHop: 9 }))).toEqual(['bc', 'ab>ac-1', 'ab>ac-2']);
  });

  it("keeps on each pair the pools that give most for what would cross it: the probe, then what the pair's first hop gives", () => {
    // A pool that runs out counts with what it gives for the part it takes: for 80 units bc-small gives 1,000 of its
    // 200-unit capacity and bc-large 960; for 100 units, 1,000 against 1,200.
    const shallow = capped('ab-shallow', ['A', 'B'], 3n, 100n);
    const deep = capped('ab-deep', ['A', 'B'], 2n, 10n ** 9n);
    const toC = [capped('bc-small', ['B', 'C'], 5n, 200n), capped('bc-large', ['B', 'C'], 4n, 10n ** 9n)];
    const market = [shallow, deep, ...toC];
    expect(ids(candidatePaths(market, 'A', 'C', 100n, { maxHops: 2, poolsPerHop: 1 }))).toEqual(['ab-shallow>bc-large']);
    expect(ids(candidatePaths(market, 'A', 'C', 80n, { maxHops: 2, poolsPerHop: 1 }))).toEqual(['ab-shallow>bc-small']);
    expect(ids(candidatePaths(market, 'A', 'C', 1_000n, { maxHops: 2, poolsPerHop: 1 }))).toEqual(['ab-deep>bc-large']);
    expect(ids(candidatePaths(market, 'A', 'C', 1_000n, { maxHops: 2, poolsPerHop: 2 }))).toEqual([
      'ab-deep>bc-large',
      'ab-deep>bc-small',
      'ab-shallow>bc-large',
      'ab-shallow>bc-small',
    ]);
  });

  it('finds nothing for a pair no path joins', () => {
    expect(candidatePaths(pools, 'A', 'Y', 100n, { maxHops: 2, poolsPerHop: 9 })).toEqual([]);
  });
});

describe('pools', () => {
  it('tells whether two paths swap through a same pool', () => {
    const [ab, bc, bc2] = [capped('ab', ['A', 'B'], 1n, 9n), capped('bc', ['B', 'C'], 1n, 9n), capped('bc2', ['B', 'C'], 1n, 9n)];
    expect(sharePool({ pools: [ab, bc], mints: [] }, { pools: [ab, bc2], mints: [] })).toBe(true);
    expect(sharePool({ pools: [bc], mints: [] }, { pools: [ab, bc], mints: [] })).toBe(true);
    expect(sharePool({ pools: [bc], mints: [] }, { pools: [bc2], mints: [] })).toBe(false);
    expect(otherMint(ab, 'A')).toBe('B');
    expect(otherMint(ab, 'B')).toBe('A');
  });

  it('remembers each answer of a pool for its input and amount, and keeps the two ways apart', () => {
    let asked = 0;
    const pool = cpmm('ab', ['A', 'B'], [M, 2n * M], 25);
    const remembered = remembering({ ...pool, quote: (mint, amount) => (asked++, pool.quote(mint, amount)) });
    expect(remembered).toMatchObject({ id: 'ab', venue: 'raydium', mints: ['A', 'B'] });
    const first = remembered.quote('A', 1_000n);
    expect(remembered.quote('A', 1_000n)).toBe(first);
    expect(asked).toBe(1);
    expect(remembered.quote('B', 1_000n)).toEqual(pool.quote('B', 1_000n));
    expect(remembered.quote('A', 1_001n)).toEqual(pool.quote('A', 1_001n));
    expect(asked).toBe(3);
  });
});
