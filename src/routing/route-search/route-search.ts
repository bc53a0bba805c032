import { allocate, refine, type Allocation } from './allocation.js';
import { descending } from './descending.js';
import { otherMint, remembering, type RoutablePool } from './routable-pool.js';
import { candidatePaths, quotePath, sharePool, type PathFill, type PathLimits, type RoutePath } from './route-path.js';

export interface SearchLimits extends PathLimits {
  /** Most pool swaps in one transaction (every route is one atomic transaction). */
  readonly maxSwaps: number;
  /** Parts an amount is divided in among a set of paths before refining. */
  readonly parts: number;
  /** How many of the paths that carry most in a division over all of them are combined into sets. */
  readonly shortlist: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxHops: 2, poolsPerHop: 4, maxSwaps: 3, parts: 8, shortlist: 2 };

/** How many times finer the division that ranks paths is than the one that divides a set. */
const RANKING_PARTS_FACTOR = 4;

/** Refining stops at this fraction of the amount (2^-20: about one part in a million). */
const REFINE_FLOOR_SHIFT = 20n;

export interface RouteRequest {
  readonly from: string;
  readonly to: string;
  readonly amountIn: bigint;
  /** What one more pool swap costs in network fees, in base units of the output token. */
  readonly swapCost: bigint;
}

export interface SearchedPath {
  readonly path: RoutePath;
  readonly fill: PathFill;
}

/** A way to fill the whole order in one transaction: paths side by side, each with its share. */
export interface SearchedRoute {
  readonly paths: readonly SearchedPath[];
  readonly amountOut: bigint;
  readonly swaps: number;
  /** Output after the network fees of its swaps: what routes are compared on. */
  readonly netOut: bigint;
}

export interface RouteSearch {
  readonly chosen: SearchedRoute;
  /** The pair's best pool alone for the whole amount; undefined when no one pool can take it. */
  readonly bestSinglePool: SearchedRoute | undefined;
  /** Every route weighed, best first (the chosen one is first). */
  readonly candidates: readonly SearchedRoute[];
}

const byNetOut = (a: SearchedRoute, b: SearchedRoute): number => descending(a.netOut, b.netOut) || a.swaps - b.swaps;

/** A route from an allocation: the paths given nothing are left out (they cost no swap). */
function routeOf(paths: readonly RoutePath[], allocation: Allocation, swapCost: bigint): SearchedRoute {
  const used = paths.map((path, i) => ({ path, fill: allocation.fills[i] })).filter(({ fill }) => fill.amountIn > 0n);
  const swaps = used.reduce((sum, { path }) => sum + path.pools.length, 0);
  return { paths: used, amountOut: allocation.amountOut, swaps, netOut: allocation.amountOut - BigInt(swaps) * swapCost };
}

/** Every non-empty set of `paths` that shares no pool and fits `maxSwaps` swaps. */
export function fittingSets(paths: readonly RoutePath[], maxSwaps: number): RoutePath[][] {
  const sets: RoutePath[][] = [];
  const extend = (set: RoutePath[], from: number, swaps: number): void => {
    for (let i = from; i < paths.length; i++) {
      const path = paths[i];
      if (swaps + path.pools.length > maxSwaps || set.some((taken) => sharePool(taken, path))) continue;
      const next = [...set, path];
      sets.push(next);
      extend(next, i + 1, swaps + path.pools.length);
    }
  };
  extend([], 0, 0);
  return sets;
}

/** The pair's own pool that gives the most for all of `amountIn` alone (the first listed of equals). */
function bestSinglePool(pools: readonly RoutablePool[], { from, to, amountIn, swapCost }: RouteRequest): SearchedRoute | undefined {
  let best: SearchedPath | undefined;
  for (const pool of pools) {
    if (!pool.mints.includes(from) || otherMint(pool, from) !== to) continue;
    const path = { pools: [pool], mints: [from, to] };
    const fill = quotePath(path, amountIn);
    if (fill.filled && (!best || fill.amountOut > best.fill.amountOut)) best = { path, fill };
  }
  return best && { paths: [best], amountOut: best.fill.amountOut, swaps: 1, netOut: best.fill.amountOut - swapCost };
}

/**
 * The route that gives the most output net of network fees: one pool, a path through an intermediate token, or
 * the amount divided among paths that share no pool, all in one transaction. The paths that carry most when the
 * amount is divided over every candidate are combined in every set that fits a transaction, each set divided as
 * well as it can be; the best is refined. Undefined when no route can take the whole amount.
 */
export function searchRoute(market: readonly RoutablePool[], request: RouteRequest, limits: SearchLimits = DEFAULT_SEARCH_LIMITS): RouteSearch | undefined {
  const { from, to, amountIn, swapCost } = request;
  const pools = market.map(remembering);
  const probe = amountIn / BigInt(limits.maxSwaps) || 1n;
  const paths = candidatePaths(pools, from, to, probe, limits);
  const single = bestSinglePool(pools, request);
  const { shortlist, splits } = shortlisted(paths, amountIn, limits);
  // A path that starts with the pair's own pool is that pool alone.
  const singlePool = single?.paths[0].path.pools[0];
  if (single && !shortlist.some((path) => path.pools[0] === singlePool)) shortlist.push(single.paths[0].path);
  const sets = splits ? fittingSets(shortlist, limits.maxSwaps) : shortlist.map((path) => [path]);
  const weighed = sets.flatMap((set) => {
    const allocation = allocate(set, amountIn, limits.parts);
    return allocation ? [{ set, allocation }] : [];
  });
  if (weighed.length === 0) return undefined;
  const routes = weighed.map(({ set, allocation }) => ({ set, allocation, route: routeOf(set, allocation, swapCost) }));
  // Between equal routes, the one from the larger set: refining it can still move amounts into the paths it left out.
  routes.sort((a, b) => byNetOut(a.route, b.route) || b.set.length - a.set.length);
  const best = routes[0];
  // Stryker disable next-line ArithmeticOperator: refining from a larger step moves nothing until it halves down (only slower).
  const refined = routeOf(best.set, refine(best.set, best.allocation, amountIn / BigInt(limits.parts), amountIn >> REFINE_FLOOR_SHIFT), swapCost);
  // Refining may hand a sliver to a path the set's division left out: worth it only if it pays that path's swaps.
  // Stryker disable next-line EqualityOperator: of two routes that give the same net, either will do.
  const chosen = refined.netOut > best.route.netOut ? refined : best.route;
  return { chosen, bestSinglePool: single, candidates: [chosen, ...routes.slice(1).map(({ route }) => route)] };
}

/**
 * The pair's own pools; the paths through another token that carry most when the amount is divided over all of
 * them (pools shared between paths counted for each: a ranking, not a route); and the one that gives most alone.
 * When that division gives every part to one path, no split is worth weighing: that path has the best price at
 * every margin.
 */
function shortlisted(paths: readonly RoutePath[], amountIn: bigint, limits: SearchLimits): { shortlist: RoutePath[]; splits: boolean } {
  // In finer parts than a set is divided in: a path that deserves a small share must get one here to be weighed.
  const overall = allocate(paths, amountIn, limits.parts * RANKING_PARTS_FACTOR);
  const splits = overall === undefined || overall.fills.filter((fill) => fill.amountIn > 0n).length > 1;
  const direct = paths.filter((path) => path.pools.length === 1);
  const through = paths
    .map((path, i) => ({ path, carried: overall?.fills[i].amountIn ?? 0n, alone: quotePath(path, amountIn).amountOut }))
    .filter(({ path }) => path.pools.length > 1);
  const carrying = [...through].sort((a, b) => descending(a.carried, b.carried)).slice(0, limits.shortlist);
  const [bestAlone] = [...through].sort((a, b) => descending(a.alone, b.alone));
  const picked = new Set([...carrying, ...(bestAlone ? [bestAlone] : [])].map(({ path }) => path));
  return { shortlist: [...direct, ...picked], splits };
}
