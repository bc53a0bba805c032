import type { DlmmBin, DlmmState } from './amm/dlmm.js';
import type { PoolState } from './pool-state.js';

/** How much of each token a pool holds: what its vaults on a network hold too. */
export interface PoolTotals {
  readonly x: bigint;
  readonly y: bigint;
}

export interface BinDelta {
  readonly id: number;
  readonly x: bigint;
  readonly y: bigint;
}

/** What a swap changed in a pool's reserves (after − before): per side for a CPMM pool, per bin for a DLMM one. */
export type PoolDelta =
  | { readonly kind: 'cpmm'; readonly x: bigint; readonly y: bigint }
  /** `moved`: the active bin before and after the swap. */
  | { readonly kind: 'dlmm'; readonly bins: readonly BinDelta[]; readonly moved: readonly [number, number] };

/** A pool's liquidity that `withoutDelta` cannot give back: the reserves moved in a way the delta does not fit. */
export class DeltaMismatchError extends Error {}

export function poolTotals(state: PoolState): PoolTotals {
  if (state.kind === 'cpmm') return { x: state.pool.reserveX, y: state.pool.reserveY };
  return state.pool.bins.amounts.reduce((sum, bin) => ({ x: sum.x + bin.x, y: sum.y + bin.y }), { x: 0n, y: 0n });
}

export function deltaTotals(delta: PoolDelta): PoolTotals {
  if (delta.kind === 'cpmm') return { x: delta.x, y: delta.y };
  return delta.bins.reduce((sum, bin) => ({ x: sum.x + bin.x, y: sum.y + bin.y }), { x: 0n, y: 0n });
}

export function poolDelta(before: PoolState, after: PoolState): PoolDelta {
  if (before.kind === 'cpmm' && after.kind === 'cpmm') {
    return { kind: 'cpmm', x: after.pool.reserveX - before.pool.reserveX, y: after.pool.reserveY - before.pool.reserveY };
  }
  if (before.kind !== 'dlmm' || after.kind !== 'dlmm') throw new DeltaMismatchError('a pool cannot change its kind');
  const { first, amounts } = before.pool.bins;
  const bins: BinDelta[] = [];
  after.pool.bins.amounts.forEach((bin, i) => {
    const was = amounts[i];
    if (bin !== was) bins.push({ id: first + i, x: bin.x - was.x, y: bin.y - was.y });
  });
  return { kind: 'dlmm', bins, moved: [before.pool.activeId, after.pool.activeId] };
}

/**
 * The pool with a swap's delta taken back out, as when a reserved swap never lands: exactly the delta's totals on
 * each side, so the pool again holds what its vaults hold. A DLMM bin that later swaps emptied of what the delta
 * put there gives what it has, and the rest comes from the nearest bins holding that token.
 */
export function withoutDelta(state: PoolState, delta: PoolDelta): PoolState {
  if (state.kind === 'cpmm' && delta.kind === 'cpmm') {
    const [reserveX, reserveY] = [state.pool.reserveX - delta.x, state.pool.reserveY - delta.y];
    if (reserveX < 0n || reserveY < 0n) throw new DeltaMismatchError(`the pool holds less than the swap to take back (${reserveX}, ${reserveY})`);
    return { kind: 'cpmm', pool: { ...state.pool, reserveX, reserveY } };
  }
  if (state.kind !== 'dlmm' || delta.kind !== 'dlmm') throw new DeltaMismatchError('the delta is for a pool of another kind');
  const pool = dlmmWithoutDelta(state.pool, delta.bins);
  // The active bin goes back too, unless later swaps moved it on (the volatility they met stays: it is a fee's memory).
  return { kind: 'dlmm', pool: pool.activeId === delta.moved[1] ? { ...pool, activeId: delta.moved[0] } : pool };
}

function dlmmWithoutDelta(pool: DlmmState, deltas: readonly BinDelta[]): DlmmState {
  const { first } = pool.bins;
  const amounts = pool.bins.amounts.map((bin) => ({ ...bin }));
  const short = { x: 0n, y: 0n };
  for (const delta of deltas) {
    const bin = amounts[delta.id - first];
    if (!bin) throw new DeltaMismatchError(`bin ${delta.id} is outside the pool`);
    for (const side of ['x', 'y'] as const) {
      const next = bin[side] - delta[side];
      // Stryker disable next-line EqualityOperator: at 0 both branches give the bin 0 and add 0 to the shortfall
      if (next < 0n) [bin[side], short[side]] = [0n, short[side] - next];
      else bin[side] = next;
    }
  }
  takeNearest(amounts, pool.activeId - first, 'x', short.x, 1);
  takeNearest(amounts, pool.activeId - first, 'y', short.y, -1);
  return { ...pool, bins: { first, amounts: amounts as DlmmBin[] } };
}

/** Takes `amount` of one token from the bins nearest the active one, on that token's side first, then the other. */
function takeNearest(amounts: { x: bigint; y: bigint }[], active: number, side: 'x' | 'y', amount: bigint, towards: 1 | -1): void {
  let left = amount;
  // Its side of the active bin first, then back through the active bin (emptied already) to the other side.
  const order = [...indexesFrom(active, towards, amounts.length), ...indexesFrom(active, -towards as 1 | -1, amounts.length)];
  for (const i of order) {
    // Stryker disable next-line EqualityOperator: equal amounts give the same either way
    const taken = amounts[i][side] < left ? amounts[i][side] : left;
    amounts[i][side] -= taken;
    left -= taken;
  }
  if (left > 0n) throw new DeltaMismatchError(`the pool holds ${left} base units of ${side.toUpperCase()} less than the swap to take back`);
}

function* indexesFrom(start: number, step: 1 | -1, length: number): Generator<number> {
  for (let i = start; i >= 0 && i < length; i += step) yield i;
}

/** JSON for a delta (bigints as decimal strings). */
export const encodeDelta = (delta: PoolDelta): EncodedDelta =>
  delta.kind === 'cpmm'
    ? { kind: 'cpmm', x: `${delta.x}`, y: `${delta.y}` }
    : { kind: 'dlmm', bins: delta.bins.map((bin) => [bin.id, `${bin.x}`, `${bin.y}`]), moved: delta.moved };

export interface EncodedDelta {
  readonly kind: string;
  readonly x?: string;
  readonly y?: string;
  readonly bins?: [number, string, string][];
  readonly moved?: readonly [number, number];
}

export function decodeDelta(raw: EncodedDelta): PoolDelta {
  if (raw.kind === 'cpmm') return { kind: 'cpmm', x: BigInt(raw.x!), y: BigInt(raw.y!) };
  if (raw.kind === 'dlmm') return { kind: 'dlmm', bins: raw.bins!.map(([id, x, y]) => ({ id, x: BigInt(x), y: BigInt(y) })), moved: raw.moved! };
  throw new DeltaMismatchError(`no pool delta of kind ${raw.kind}`);
}
