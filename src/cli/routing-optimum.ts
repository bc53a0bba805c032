// The best any route could do, for the routing benchmark: every path of one or two hops over every pool, every set
// of them that shares no pool and fits a transaction, each set divided by nested golden-section search to a part in
// ten million. It shares nothing with the router but the pools' quotes; it takes seconds where the router takes a
// millisecond, which is why it is not the router.
import type { RoutablePool } from '../routing/route-search/routable-pool.js';
import { quotePath, type RoutePath } from '../routing/route-search/route-path.js';

const other = (pool: RoutablePool, mint: string): string => (pool.mints[0] === mint ? pool.mints[1] : pool.mints[0]);
const connects = (pool: RoutablePool, a: string, b: string): boolean => pool.mints.includes(a) && other(pool, a) === b;

/** Every path of one or two hops from `from` to `to`. */
export function allPaths(pools: readonly RoutablePool[], from: string, to: string): RoutePath[] {
  const paths: RoutePath[] = pools.filter((p) => connects(p, from, to)).map((p) => ({ pools: [p], mints: [from, to] }));
  for (const first of pools.filter((p) => p.mints.includes(from))) {
    const middle = other(first, from);
    if (middle === to) continue;
    for (const second of pools.filter((p) => connects(p, middle, to))) paths.push({ pools: [first, second], mints: [from, middle, to] });
  }
  return paths;
}

/** Output of `path` for `amount`, or -1 when it cannot take it all. */
const outOf = (path: RoutePath, amount: bigint): bigint => {
  if (amount === 0n) return 0n;
  const fill = quotePath(path, amount);
  return fill.filled ? fill.amountOut : -1n;
};

/** The most `path` can take whole (binary search: a path that takes an amount takes any less). */
function capacity(path: RoutePath, limit: bigint): bigint {
  if (outOf(path, limit) >= 0n) return limit;
  let [lo, hi] = [0n, limit];
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (outOf(path, mid) >= 0n) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The largest value of a concave `value` over the integers [lo, hi] (golden-section, then the last few by hand). */
function maximize(lo: bigint, hi: bigint, value: (x: bigint) => bigint, tolerance: bigint): bigint {
  let [a, b] = [lo, hi];
  while (b - a > tolerance && b - a > 4n) {
    const third = ((b - a) * 382n) / 1000n;
    const [m1, m2] = [a + third, b - third];
    if (value(m1) < value(m2)) a = m1;
    else b = m2;
  }
  let best = value(a);
  for (let x = a + 1n; x <= b && x <= a + 4n; x++) best = value(x) > best ? value(x) : best;
  return best > value(b) ? best : value(b);
}

/** The most `paths` (sharing no pool) give together for `amount`, divided as well as it can be. */
function bestDivision(paths: readonly RoutePath[], amount: bigint, caps: readonly bigint[], tolerance: bigint): bigint {
  if (paths.length === 1) return amount <= caps[0] ? outOf(paths[0], amount) : -1n;
  const [head, ...rest] = paths;
  const restCap = caps.slice(1).reduce((sum, cap) => sum + cap, 0n);
  const lo = amount > restCap ? amount - restCap : 0n;
  const hi = amount < caps[0] ? amount : caps[0];
  if (lo > hi) return -1n;
  return maximize(
    lo,
    hi,
    (x) => {
      const tail = bestDivision(rest, amount - x, caps.slice(1), tolerance);
      return tail < 0n ? -1n : outOf(head, x) + tail;
    },
    tolerance,
  );
}

/** The most output, net of `swapCost` per swap, that any route of at most `maxSwaps` swaps in one transaction gives. */
export function optimumOut(
  pools: readonly RoutablePool[],
  from: string,
  to: string,
  amount: bigint,
  maxSwaps: number,
  swapCost: bigint,
): { value: bigint; paths: RoutePath[] } {
  const paths = allPaths(pools, from, to);
  const caps = paths.map((path) => capacity(path, amount));
  const tolerance = amount / 10_000_000n || 1n;
  let best = -1n;
  let bestSet: number[] = [];
  const visit = (chosen: number[], next: number, swaps: number): void => {
    if (chosen.length > 0) {
      const value = bestDivision(
        chosen.map((i) => paths[i]),
        amount,
        chosen.map((i) => caps[i]),
        tolerance,
      );
      if (value >= 0n && value - BigInt(swaps) * swapCost > best) [best, bestSet] = [value - BigInt(swaps) * swapCost, chosen];
    }
    for (let i = next; i < paths.length; i++) {
      const hops = paths[i].pools.length;
      if (swaps + hops > maxSwaps || chosen.some((j) => paths[j].pools.some((p) => paths[i].pools.includes(p)))) continue;
      visit([...chosen, i], i + 1, swaps + hops);
    }
  };
  visit([], 0, 0);
  return { value: best, paths: bestSet.map((i) => paths[i]) };
}
