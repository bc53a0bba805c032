import fc from 'fast-check';
import { cpmmPool } from './amm/constant-product.js';
import { dlmmPool } from './amm/dlmm.js';
import type { SwapDirection } from './amm/swap-direction.js';
import { decodeDelta, DeltaMismatchError, deltaTotals, encodeDelta, poolDelta, poolTotals, withoutDelta } from './pool-delta.js';
import { swapPool, type PoolState } from './pool-state.js';

const NOW = 1_000_000;
const cpmm = (): PoolState => ({ kind: 'cpmm', pool: cpmmPool(0.15, 1_000_000_000_000n, 2_500_000n) });
const dlmm = (): PoolState => ({
  kind: 'dlmm',
  pool: dlmmPool(
    { price: 0.15, binStepBps: 10, binsPerSide: 20, valueY: 1_000_000_000_000n, baseFeePpb: 1_000_000n, variableFeeControl: 0.5, maxFeePpb: 50_000_000n },
    NOW,
  ),
});
const swap = (state: PoolState, amountIn: bigint, direction: SwapDirection) => swapPool(state, amountIn, direction, NOW).state;
const minus = (a: { x: bigint; y: bigint }, b: { x: bigint; y: bigint }) => ({ x: a.x - b.x, y: a.y - b.y });
const pools = fc.constantFrom(cpmm, dlmm);
const directions = fc.constantFrom<SwapDirection>('xToY', 'yToX');
const amounts = fc.bigInt({ min: 1n, max: 300_000_000_000n });

describe('pool deltas: a reserved swap taken back', () => {
  it('gives the pool back exactly as it was when nothing traded since', () => {
    fc.assert(
      fc.property(pools, directions, amounts, (make, direction, amountIn) => {
        const before = make();
        const after = swap(before, amountIn, direction);
        const released = withoutDelta(after, poolDelta(before, after));
        // All but the volatility a DLMM swap leaves behind (a fee's memory, not liquidity).
        if (released.kind === 'dlmm' && before.kind === 'dlmm') expect({ ...released.pool, volatility: null }).toEqual({ ...before.pool, volatility: null });
        else expect(released).toEqual(before);
      }),
    );
  });

  it('takes back exactly its totals when other swaps traded on the pool since', () => {
    fc.assert(
      fc.property(pools, directions, amounts, directions, amounts, (make, direction, amountIn, laterDirection, laterIn) => {
        const before = make();
        const reserved = swap(before, amountIn, direction);
        const delta = poolDelta(before, reserved);
        const later = swap(reserved, laterIn, laterDirection);
        const released = withoutDelta(later, delta);
        expect(poolTotals(released)).toEqual(minus(poolTotals(later), deltaTotals(delta)));
        if (released.kind === 'dlmm') expect(released.pool.bins.amounts.every((bin) => bin.x >= 0n && bin.y >= 0n)).toBe(true);
      }),
    );
  });

  it("a delta's totals are what the swap put in and took out", () => {
    const before = dlmm();
    const result = swapPool(before, 5_000_000_000n, 'xToY', NOW);
    expect(deltaTotals(poolDelta(before, result.state))).toEqual({ x: result.amountIn, y: -result.amountOut });
  });

  it('refuses to take back more than the pool holds', () => {
    const before = cpmm();
    expect(() => withoutDelta(before, { kind: 'cpmm', x: 0n, y: poolTotals(before).y + 1n })).toThrow(DeltaMismatchError);
    expect(() => withoutDelta(dlmm(), { kind: 'dlmm', bins: [{ id: 10_000_000, x: 1n, y: 0n }], moved: [0, 0] })).toThrow(DeltaMismatchError);
    expect(() => withoutDelta(dlmm(), { kind: 'cpmm', x: 1n, y: 0n })).toThrow(DeltaMismatchError);
    const pool = dlmm();
    const all = poolTotals(pool);
    expect(() =>
      withoutDelta(pool, { kind: 'dlmm', bins: [{ id: pool.kind === 'dlmm' ? pool.pool.activeId : 0, x: all.x + 1n, y: 0n }], moved: [0, 0] }),
    ).toThrow(DeltaMismatchError);
  });

  it('survives its JSON; a kind it does not know is not read back', () => {
    const before = dlmm();
    const delta = poolDelta(before, swap(before, 9_000_000_000n, 'yToX'));
    expect(decodeDelta(JSON.parse(JSON.stringify(encodeDelta(delta))))).toEqual(delta);
    const flat = { kind: 'cpmm', x: 5n, y: -7n } as const;
    expect(decodeDelta(JSON.parse(JSON.stringify(encodeDelta(flat))))).toEqual(flat);
    expect(() => decodeDelta({ kind: 'clmm' })).toThrow(/no pool delta of kind clmm/);
  });
});

describe('pool deltas, case by case', () => {
  const bins = (...amounts: [number, number][]) => amounts.map(([x, y]) => ({ x: BigInt(x), y: BigInt(y) }));
  /** A DLMM pool with bins 0… as given, active at `activeId`. */
  const dlmmOf = (activeId: number, amounts: [number, number][]): PoolState => ({
    kind: 'dlmm',
    pool: {
      binStepBps: 10,
      activeId,
      bins: { first: 0, amounts: bins(...amounts) },
      baseFeePpb: 1_000_000n,
      variableFeeControl: 0.5,
      maxFeePpb: 50_000_000n,
      volatility: { reference: 0, indexReference: activeId, lastSwapAt: NOW },
    },
  });
  const amountsOf = (state: PoolState) => (state.kind === 'dlmm' ? state.pool.bins.amounts.map((bin) => [Number(bin.x), Number(bin.y)]) : []);
  const activeOf = (state: PoolState) => (state.kind === 'dlmm' ? state.pool.activeId : undefined);
  const LADDER: [number, number][] = [
    [0, 10],
    [7, 10],
    [5, 5],
    [10, 0],
    [10, 0],
  ];

  it('a CPMM delta is the change of each reserve; taking back all a pool holds leaves it empty, one unit more is refused', () => {
    const before = cpmm();
    const after = swap(before, 1_000_000n, 'yToX');
    const delta = poolDelta(before, after);
    expect(delta).toEqual({ kind: 'cpmm', x: poolTotals(after).x - poolTotals(before).x, y: 1_000_000n });
    const { x, y } = poolTotals(before);
    expect(poolTotals(withoutDelta(before, { kind: 'cpmm', x, y }))).toEqual({ x: 0n, y: 0n });
    expect(() => withoutDelta(before, { kind: 'cpmm', x: x + 1n, y: 0n })).toThrow(/holds less than the swap to take back \(-1, /);
  });

  it('pools of different kinds have no delta, and a delta fits only its kind', () => {
    expect(() => poolDelta(cpmm(), dlmm())).toThrow(/cannot change its kind/);
    expect(() => poolDelta(dlmm(), cpmm())).toThrow(DeltaMismatchError);
    expect(() => withoutDelta(cpmm(), { kind: 'dlmm', bins: [], moved: [0, 0] })).toThrow(/another kind/);
    expect(() => withoutDelta(dlmmOf(2, LADDER), { kind: 'dlmm', bins: [{ id: 5, x: 1n, y: 0n }], moved: [2, 2] })).toThrow(/bin 5 is outside the pool/);
  });

  it('a DLMM delta lists the bins the swap changed, and where the active bin was and went', () => {
    const before = dlmmOf(2, LADDER);
    const after = swap(before, 12n, 'yToX');
    const delta = poolDelta(before, after);
    expect(delta.kind === 'dlmm' && delta.bins.map((bin) => bin.id)).toEqual([2, 3]);
    expect(delta.kind === 'dlmm' && delta.moved).toEqual([2, 3]);
  });

  it('X short in a bin comes from the active bin upwards first, then downwards', () => {
    // Bin 4 should give back 30 of X but holds 10: the other 20 come from bins 2 (5), 3 (10), then 1 (5 of its 7).
    const released = withoutDelta(dlmmOf(2, LADDER), { kind: 'dlmm', bins: [{ id: 4, x: 30n, y: 0n }], moved: [9, 9] });
    expect(amountsOf(released)).toEqual([
      [0, 10],
      [2, 10],
      [0, 5],
      [0, 0],
      [0, 0],
    ]);
    expect(activeOf(released)).toBe(2);
  });

  it('Y short in a bin comes from the active bin downwards first, then upwards, down to bin 0', () => {
    const released = withoutDelta(dlmmOf(2, LADDER), { kind: 'dlmm', bins: [{ id: 1, x: 0n, y: 24n }], moved: [1, 2] });
    // Bin 1 gives its 10, bin 2 its 5, bin 0 the last 9; the active bin goes back to where the swap found it.
    expect(amountsOf(released)).toEqual([
      [0, 1],
      [7, 0],
      [5, 0],
      [10, 0],
      [10, 0],
    ]);
    expect(activeOf(released)).toBe(1);
    const upwards = withoutDelta(
      dlmmOf(1, [
        [0, 3],
        [0, 3],
        [2, 4],
      ]),
      { kind: 'dlmm', bins: [{ id: 0, x: 0n, y: 9n }], moved: [0, 0] },
    );
    expect(amountsOf(upwards)).toEqual([
      [0, 0],
      [0, 0],
      [2, 1],
    ]);
  });

  it('each token is looked for on its own side of the active bin first: X above it, Y below it', () => {
    const both: [number, number][] = [
      [10, 10],
      [0, 10],
      [0, 0],
      [10, 0],
      [10, 10],
    ];
    // Bin 1 owes 15 of Y and has 10: the 5 left come from below (bin 0), not from bin 4 above.
    expect(amountsOf(withoutDelta(dlmmOf(2, both), { kind: 'dlmm', bins: [{ id: 1, x: 0n, y: 15n }], moved: [9, 9] }))).toEqual([
      [10, 5],
      [0, 0],
      [0, 0],
      [10, 0],
      [10, 10],
    ]);
    // Bin 3 owes 15 of X and has 10: the 5 left come from above (bin 4), not from bin 0 below.
    expect(amountsOf(withoutDelta(dlmmOf(2, both), { kind: 'dlmm', bins: [{ id: 3, x: 15n, y: 0n }], moved: [9, 9] }))).toEqual([
      [10, 10],
      [0, 10],
      [0, 0],
      [0, 0],
      [5, 10],
    ]);
  });

  it('more than the pool holds cannot be taken back: refused, naming the side', () => {
    expect(() => withoutDelta(dlmmOf(2, LADDER), { kind: 'dlmm', bins: [{ id: 3, x: 33n, y: 0n }], moved: [2, 2] })).toThrow(
      /holds 1 base units of X less than the swap to take back/,
    );
    expect(() => withoutDelta(dlmmOf(2, LADDER), { kind: 'dlmm', bins: [{ id: 0, x: 0n, y: 26n }], moved: [2, 2] })).toThrow(/holds 1 base units of Y less/);
  });
});
