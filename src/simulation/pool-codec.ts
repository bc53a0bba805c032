import type { DlmmBin, DlmmBins } from './amm/dlmm.js';
import type { PoolState } from './pool-state.js';

const EMPTY_BIN: DlmmBin = { x: 0n, y: 0n };

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
    bins: bins.amounts.flatMap((bin, i) => (bin.x > 0n || bin.y > 0n ? [[bins.first + i, `${bin.x}`, `${bin.y}`]] : [])),
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
  const stored = raw.bins as [number, string, string][];
  // Stored without its empty bins: every bin from the lowest to the highest again, empty ones as zeros.
  const first = Math.min(...stored.map(([id]) => id));
  const amounts: DlmmBin[] = Array.from({ length: Math.max(...stored.map(([id]) => id)) - first + 1 }, () => EMPTY_BIN);
  for (const [id, x, y] of stored) amounts[id - first] = { x: BigInt(x), y: BigInt(y) };
  const bins: DlmmBins = { first, amounts };
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
