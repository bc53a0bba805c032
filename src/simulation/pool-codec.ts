import type { PoolState } from './pool-state.js';

/** JSON for Redis: bigints as decimal strings, DLMM bins as [id, x, y] triples. */
export function encodePool(state: PoolState, updatedAt: number): string {
  if (state.kind === 'cpmm') {
    const { reserveX, reserveY, feePpb } = state.pool;
    return JSON.stringify({ kind: 'cpmm', updatedAt, reserveX: `${reserveX}`, reserveY: `${reserveY}`, feePpb: `${feePpb}` });
  }
  const { bins, baseFeePpb, maxFeePpb, ...rest } = state.pool;
  return JSON.stringify({
    kind: 'dlmm',
    updatedAt,
    ...rest,
    baseFeePpb: `${baseFeePpb}`,
    maxFeePpb: `${maxFeePpb}`,
    bins: Object.entries(bins)
      .filter(([, bin]) => bin.x > 0n || bin.y > 0n)
      .map(([id, bin]) => [Number(id), `${bin.x}`, `${bin.y}`]),
  });
}

export function decodePool(json: string): { state: PoolState; updatedAt: number } {
  const raw = JSON.parse(json);
  if (raw.kind === 'cpmm') {
    return {
      updatedAt: raw.updatedAt,
      state: { kind: 'cpmm', pool: { reserveX: BigInt(raw.reserveX), reserveY: BigInt(raw.reserveY), feePpb: BigInt(raw.feePpb) } },
    };
  }
  const bins: Record<number, { x: bigint; y: bigint }> = {};
  for (const [id, x, y] of raw.bins as [number, string, string][]) bins[id] = { x: BigInt(x), y: BigInt(y) };
  return {
    updatedAt: raw.updatedAt,
    state: {
      kind: 'dlmm',
      pool: {
        binStepBps: raw.binStepBps,
        activeId: raw.activeId,
        bins,
        baseFeePpb: BigInt(raw.baseFeePpb),
        variableFeeControl: raw.variableFeeControl,
        maxFeePpb: BigInt(raw.maxFeePpb),
        volatility: raw.volatility,
      },
    },
  };
}
