import fc from 'fast-check';
import { capped, cpmm } from '../../../test/support/routable-pools.js';
import { allocate, refine } from './allocation.js';
import { quotePath, type RoutePath } from './route-path.js';

const M = 10n ** 12n;
const direct = (...pools: RoutePath['pools']): RoutePath[] => pools.map((pool) => ({ pools: [pool], mints: ['A', 'B'] }));
const amounts = (allocation: ReturnType<typeof allocate>) => allocation?.fills.map((fill) => fill.amountIn);

/** The best two-way division of `amount` in `steps` equal shares (every unit by default: small amounts only). */
function bruteForce(paths: readonly RoutePath[], amount: bigint, steps = amount): bigint {
  let best = -1n;
  for (let k = 0n; k <= steps; k++) {
    const a = (amount * k) / steps;
    const [x, y] = [quotePath(paths[0], a), quotePath(paths[1], amount - a)];
    if (x.filled && y.filled && x.amountOut + y.amountOut > best) best = x.amountOut + y.amountOut;
  }
  return best;
}

const bruteForceAt = (paths: readonly RoutePath[], a: bigint, b: bigint): bigint => quotePath(paths[0], a).amountOut + quotePath(paths[1], b).amountOut;

describe('allocate', () => {
  it('divides evenly between two identical pools, to the unit, and the parts add up to the amount', () => {
    const paths = direct(cpmm('a', ['A', 'B'], [M, M], 25), cpmm('b', ['A', 'B'], [M, M], 25));
    const allocation = allocate(paths, 8_000_000_000n, 8)!;
    expect(amounts(allocation)).toEqual([4_000_000_000n, 4_000_000_000n]);
    expect(allocation.amountOut).toBe(2n * quotePath(paths[0], 4_000_000_000n).amountOut);
  });

  it('gives every part to the pool that pays more at every margin', () => {
    const paths = direct(cpmm('cheap', ['A', 'B'], [M, M], 100), cpmm('better', ['A', 'B'], [M, M], 1));
    expect(amounts(allocate(paths, 1_000_000n, 8))).toEqual([0n, 1_000_000n]);
  });

  it('gives a part to the first of paths that gain the same from it', () => {
    const paths = direct(cpmm('a', ['A', 'B'], [M, M], 25), cpmm('b', ['A', 'B'], [M, M], 25));
    const amount = 3_000_000_001n;
    expect(amounts(allocate(paths, amount, 3))).toEqual([2_000_000_001n, 1_000_000_000n]);
  });

  it('puts what is left after the last whole part into the last part', () => {
    const paths = direct(capped('only', ['A', 'B'], 2n, 10n ** 9n));
    const allocation = allocate(paths, 1_003n, 8)!;
    expect(allocation.fills[0]).toMatchObject({ amountIn: 1_003n, amountOut: 2_006n, filled: true });
    expect(amounts(allocate(paths, 5n, 8))).toEqual([5n]);
  });

  it('offers a pool that runs out smaller parts, down to what it can take, and the rest to the others', () => {
    // The capped pool pays 3 per unit for its first 300 units; the other pays 2 for any amount.
    const paths = direct(capped('shallow', ['A', 'B'], 3n, 300n), capped('deep', ['A', 'B'], 2n, 10n ** 9n));
    const allocation = allocate(paths, 4_096n, 8)!;
    expect(amounts(allocation)).toEqual([300n, 3_796n]);
    expect(allocation.amountOut).toBe(900n + 7_592n);
  });

  it('cannot divide what the paths together cannot take', () => {
    const paths = direct(capped('a', ['A', 'B'], 1n, 100n), capped('b', ['A', 'B'], 1n, 100n));
    expect(allocate(paths, 201n, 8)).toBeUndefined();
    expect(amounts(allocate(paths, 200n, 8))).toEqual([100n, 100n]);
    expect(allocate([], 1n, 8)).toBeUndefined();
  });

  it('stops offering halves at 1/4096 of the amount', () => {
    // A pool that takes 1/8192 of the amount would need a smaller part than that: it is left out.
    const amount = 8_192n * 1_000n;
    const paths = direct(capped('tiny', ['A', 'B'], 5n, 1_000n), capped('deep', ['A', 'B'], 1n, amount));
    expect(amounts(allocate(paths, amount, 8))).toEqual([0n, amount]);
    const takes = direct(capped('tiny', ['A', 'B'], 5n, 2_000n), capped('deep', ['A', 'B'], 1n, amount));
    expect(amounts(allocate(takes, amount, 8))).toEqual([2_000n, amount - 2_000n]);
  });

  it('comes within a part of the best division of two concave curves, and refining closes the rest', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 9n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 100 }),
        fc.bigInt({ min: 10n ** 11n, max: 10n ** 13n }),
        (amount, fee, depth) => {
          const paths = direct(cpmm('a', ['A', 'B'], [M, 2n * M], fee), cpmm('b', ['A', 'B'], [depth, 3n * depth], 30));
          const allocation = allocate(paths, amount, 16)!;
          const best = bruteForce(paths, amount, 2_000n);
          // Off by at most what moving one part between the paths changes.
          const part = amount / 16n;
          const [a, b] = allocation.fills.map((fill) => fill.amountIn);
          const neighbours = [a >= part ? bruteForceAt(paths, a - part, b + part) : 0n, b >= part ? bruteForceAt(paths, a + part, b - part) : 0n];
          expect(neighbours.every((out) => out <= allocation.amountOut)).toBe(true);
          const refined = refine(paths, allocation, part, 1n);
          expect(refined.amountOut).toBeGreaterThanOrEqual(best);
        },
      ),
      { numRuns: process.env.MUTATION_RUN ? 8 : 40 },
    );
  });
});

describe('refine', () => {
  const R = 10n ** 9n;
  const paths = direct(cpmm('a', ['A', 'B'], [R, R], 0), cpmm('b', ['A', 'B'], [R, R], 0));
  const amount = 3n << 20n;
  const lopsided = { fills: [quotePath(paths[0], amount), quotePath(paths[1], 0n)], amountOut: quotePath(paths[0], amount).amountOut };

  it('moves amounts between paths while that gains, in halving steps, down to the smallest step', () => {
    const refined = refine(paths, lopsided, 1n << 20n, 1n);
    const [a, b] = amounts(refined)!;
    expect(a + b).toBe(amount);
    expect(Number(a - b)).toBeLessThan(2 ** 15);
    expect(refined.amountOut).toBe(quotePath(paths[0], a).amountOut + quotePath(paths[1], b).amountOut);
    expect(refined.amountOut).toBeGreaterThanOrEqual(bruteForce(paths, amount, 4_096n));
    // Steps of 2^20 alone cannot reach the even division: it stops a step short.
    expect(amounts(refine(paths, lopsided, 1n << 20n, 1n << 20n))).toEqual([2n << 20n, 1n << 20n]);
    expect(refine(paths, lopsided, 1n << 20n, 1n << 20n).amountOut).toBe(quotePath(paths[0], 2n << 20n).amountOut + quotePath(paths[1], 1n << 20n).amountOut);
  });

  it("moves a path's whole amount when that gains, and keeps moving at one step size while it gains", () => {
    const linear = direct(capped('poor', ['A', 'B'], 1n, M), capped('rich', ['A', 'B'], 2n, M));
    const all = { fills: [quotePath(linear[0], 64n), quotePath(linear[1], 0n)], amountOut: 64n };
    expect(amounts(refine(linear, all, 64n, 64n))).toEqual([0n, 64n]);
    const step = 1n << 20n;
    const four = { fills: [quotePath(paths[0], 4n * step), quotePath(paths[1], 0n)], amountOut: quotePath(paths[0], 4n * step).amountOut };
    expect(amounts(refine(paths, four, step, step))).toEqual([2n * step, 2n * step]);
  });

  it('never moves an amount into a path that cannot take it', () => {
    const full = direct(capped('full', ['A', 'B'], 9n, 100n), capped('deep', ['A', 'B'], 1n, 10n ** 9n));
    const allocation = { fills: [quotePath(full[0], 100n), quotePath(full[1], 900n)], amountOut: 900n + 900n };
    expect(amounts(refine(full, allocation, 64n, 1n))).toEqual([100n, 900n]);
  });

  it('leaves an allocation no move improves as it is', () => {
    const best = refine(paths, lopsided, 1n << 20n, 1n);
    expect(refine(paths, best, 1n << 20n, 1n)).toEqual(best);
    expect(refine(paths, lopsided, 0n, 0n)).toEqual(lopsided);
  });
});
