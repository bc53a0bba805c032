import { feeAt, PPB, type SwapDirection, type SwapResult } from './swap-direction.js';

/**
 * A Meteora-style DLMM pool: liquidity sits in discrete price bins. Bin `id`
 * trades at (1 + binStep)^id units of Y per unit of X (base units), at a
 * constant price inside the bin. Bins above the active one hold X, bins below
 * hold Y; a swap drains bins one by one and moves the active bin.
 */
export interface DlmmState {
  readonly binStepBps: number;
  readonly activeId: number;
  readonly bins: DlmmBins;
  readonly baseFeePpb: bigint;
  /** Scales the variable fee: rate = control × (volatility × binStep)². */
  readonly variableFeeControl: number;
  readonly maxFeePpb: bigint;
  readonly volatility: DlmmVolatility;
}

export interface DlmmBin {
  readonly x: bigint;
  readonly y: bigint;
}

/**
 * Liquidity per bin: `amounts[i]` is bin `first + i`, every bin from the lowest to the highest (empty ones as
 * zeros). An array, so that a swap's next state copies it cheaply (a record keyed by bin id, negative ids and
 * all, cost more to copy than the swap itself).
 */
export interface DlmmBins {
  readonly first: number;
  readonly amounts: readonly DlmmBin[];
}

/** The liquidity of bin `id`; undefined outside the pool's bins. */
export const binAt = (bins: DlmmBins, id: number): DlmmBin | undefined =>
  id >= bins.first && id < bins.first + bins.amounts.length ? bins.amounts[id - bins.first] : undefined;

/** Meteora's volatility accumulator: recent bin crossings raise the fee, decaying with time. */
export interface DlmmVolatility {
  /** Volatility reference carried from earlier swaps, in bins. */
  readonly reference: number;
  readonly indexReference: number;
  readonly lastSwapAt: number;
}

export const DLMM_FILTER_PERIOD_MS = 30_000;
export const DLMM_DECAY_PERIOD_MS = 600_000;
const DLMM_REDUCTION = 0.5;

/** Price of a bin in Y base units per X base unit. */
export const binPrice = (binStepBps: number, id: number): number => (1 + binStepBps / 10_000) ** id;

export const binIdForPrice = (binStepBps: number, price: number): number => Math.round(Math.log(price) / Math.log(1 + binStepBps / 10_000));

interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const fractions = new Map<number, Map<number, Fraction>>();

/** Bin price as an exact fraction (15 significant digits), so that amounts stay integers. Cached: a walk visits the same bins again and again. */
function priceFraction(binStepBps: number, id: number): Fraction {
  let byId = fractions.get(binStepBps);
  if (!byId) fractions.set(binStepBps, (byId = new Map()));
  let fraction = byId.get(id);
  if (!fraction) byId.set(id, (fraction = computePriceFraction(binStepBps, id)));
  return fraction;
}

function computePriceFraction(binStepBps: number, id: number): Fraction {
  const price = binPrice(binStepBps, id);
  const exponent = Math.floor(Math.log10(price)) - 14;
  const mantissa = BigInt(Math.round(price / 10 ** exponent));
  return exponent >= 0 ? { num: mantissa * 10n ** BigInt(exponent), den: 1n } : { num: mantissa, den: 10n ** BigInt(-exponent) };
}

/** Fee rate (ppb) for a swap step in bin `id`, given the volatility at the start of the swap. */
export function dlmmFeePpb(state: DlmmState, reference: number, indexReference: number, id: number): bigint {
  const volatility = reference + Math.abs(id - indexReference);
  const variable = state.variableFeeControl * (volatility * (state.binStepBps / 10_000)) ** 2;
  const rate = state.baseFeePpb + BigInt(Math.ceil(variable * Number(PPB)));
  return rate > state.maxFeePpb ? state.maxFeePpb : rate;
}

function volatilityAt(state: DlmmState, now: number): { reference: number; indexReference: number } {
  const elapsed = now - state.volatility.lastSwapAt;
  if (elapsed < DLMM_FILTER_PERIOD_MS) return { reference: state.volatility.reference, indexReference: state.volatility.indexReference };
  if (elapsed < DLMM_DECAY_PERIOD_MS) {
    const accumulated = state.volatility.reference + Math.abs(state.activeId - state.volatility.indexReference);
    return { reference: accumulated * DLMM_REDUCTION, indexReference: state.activeId };
  }
  return { reference: 0, indexReference: state.activeId };
}

/** What a swap does, without the pool state after it (quotes need no more). */
type DlmmQuote = Omit<SwapResult<DlmmState>, 'state'>;

interface DlmmWalk extends DlmmQuote {
  readonly changed: Map<number, DlmmBin>;
  readonly activeId: number;
  readonly reference: number;
  readonly indexReference: number;
}

/**
 * Walks bins from the active one with `amountIn`. Stops early when the pool
 * runs out of liquidity on that side: `amountIn` of the result then says how
 * much was actually consumed. Only the bins it crosses are touched.
 */
function walk(state: DlmmState, amountIn: bigint, direction: SwapDirection, now: number): DlmmWalk {
  const { reference, indexReference } = volatilityAt(state, now);
  const [lowest, highest] = [state.bins.first, state.bins.first + state.bins.amounts.length - 1];
  const changed = new Map<number, DlmmBin>();
  const step = direction === 'xToY' ? -1 : 1;
  const startPrice = priceFraction(state.binStepBps, state.activeId);
  let [remaining, amountOut, feeAmount, spotAmountOut, activeId] = [amountIn, 0n, 0n, 0n, state.activeId];
  for (let id = state.activeId; remaining > 0n && id >= lowest && id <= highest; id += step) {
    const bin = state.bins.amounts[id - lowest];
    const available = direction === 'xToY' ? bin.y : bin.x;
    if (available === 0n) continue;
    const { num, den } = priceFraction(state.binStepBps, id);
    const feePpb = dlmmFeePpb(state, reference, indexReference, id);
    // Net input that would drain the bin, and the gross input (fee included) that takes.
    const netToDrain = direction === 'xToY' ? ceilDiv(available * den, num) : ceilDiv(available * num, den);
    const grossToDrain = ceilDiv(netToDrain * PPB, PPB - feePpb);
    const drains = remaining >= grossToDrain;
    const gross = drains ? grossToDrain : remaining;
    const fee = drains ? grossToDrain - netToDrain : feeAt(gross, feePpb);
    const net = gross - fee;
    const quoted = direction === 'xToY' ? (net * num) / den : (net * den) / num;
    const out = drains || quoted > available ? available : quoted;
    changed.set(id, direction === 'xToY' ? { x: bin.x + gross, y: bin.y - out } : { x: bin.x - out, y: bin.y + gross });
    remaining -= gross;
    amountOut += out;
    feeAmount += fee;
    spotAmountOut += direction === 'xToY' ? (net * startPrice.num) / startPrice.den : (net * startPrice.den) / startPrice.num;
    activeId = id;
  }
  return { amountIn: amountIn - remaining, amountOut, feeAmount, spotAmountOut, changed, activeId, reference, indexReference };
}

/** One bin a swap crosses, and what draining it takes and gives. */
interface BinToDrain {
  readonly available: bigint;
  readonly price: Fraction;
  readonly feePpb: bigint;
}

/**
 * What draining the bins gives, from the active one outwards, summed: `gross[k]` is the input that drains the first
 * `k` bins with liquidity (fees in), and so on. Kept per pool state, direction and volatility and extended only as
 * far as the largest amount asked so far, it answers any amount with a binary search and one partial bin, exactly as
 * the walk would.
 */
interface DrainTable {
  readonly bins: BinToDrain[];
  readonly gross: bigint[];
  readonly out: bigint[];
  readonly fee: bigint[];
  readonly spot: bigint[];
  readonly startPrice: Fraction;
  readonly reference: number;
  readonly indexReference: number;
  /** The next bin to look at; undefined once past the pool's last bin. */
  nextId: number | undefined;
}

const drainTables = new WeakMap<DlmmState, Map<string, DrainTable>>();

const spotOf = (net: bigint, start: Fraction, direction: SwapDirection): bigint =>
  direction === 'xToY' ? (net * start.num) / start.den : (net * start.den) / start.num;

/** The state's drain table for `direction`, extended until it covers `amountIn` or the pool's last bin. */
function drainTable(state: DlmmState, direction: SwapDirection, now: number, amountIn: bigint): DrainTable {
  const { reference, indexReference } = volatilityAt(state, now);
  const key = `${direction}:${reference}:${indexReference}`;
  let byKey = drainTables.get(state);
  // Stryker disable next-line ConditionalExpression: a table built again answers the same (only slower).
  if (!byKey) drainTables.set(state, (byKey = new Map()));
  let table = byKey.get(key);
  // Stryker disable next-line ConditionalExpression: as above.
  if (!table) {
    const startPrice = priceFraction(state.binStepBps, state.activeId);
    table = { bins: [], gross: [0n], out: [0n], fee: [0n], spot: [0n], startPrice, reference, indexReference, nextId: state.activeId };
    byKey.set(key, table);
  }
  const step = direction === 'xToY' ? -1 : 1;
  // A table extended to the last bin, or one bin past an amount that drains a bin exactly, answers the same (only slower).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above.
  while (table.nextId !== undefined && table.gross[table.bins.length] <= amountIn) {
    const id = table.nextId;
    const bin = binAt(state.bins, id);
    table.nextId = bin ? id + step : undefined;
    if (bin) addBin(table, state, direction, id, direction === 'xToY' ? bin.y : bin.x);
  }
  return table;
}

function addBin(table: DrainTable, state: DlmmState, direction: SwapDirection, id: number, available: bigint): void {
  // Stryker disable next-line ConditionalExpression: an empty bin adds nothing to the sums, and is never the partial one.
  if (available === 0n) return;
  const price = priceFraction(state.binStepBps, id);
  const feePpb = dlmmFeePpb(state, table.reference, table.indexReference, id);
  const net = direction === 'xToY' ? ceilDiv(available * price.den, price.num) : ceilDiv(available * price.num, price.den);
  const gross = ceilDiv(net * PPB, PPB - feePpb);
  const k = table.bins.length;
  table.bins.push({ available, price, feePpb });
  table.gross.push(table.gross[k] + gross);
  table.out.push(table.out[k] + available);
  table.fee.push(table.fee[k] + gross - net);
  table.spot.push(table.spot[k] + spotOf(net, table.startPrice, direction));
}

/** The outcome of swapping `amountIn` (see `dlmmSwap`), without building the pool's next state. */
export function dlmmQuote(state: DlmmState, amountIn: bigint, direction: SwapDirection, now: number): DlmmQuote {
  const table = drainTable(state, direction, now, amountIn);
  // The most bins `amountIn` drains whole.
  let [drained, beyond] = [0, table.bins.length + 1];
  while (beyond - drained > 1) {
    const middle = (drained + beyond) >> 1;
    // Stryker disable next-line EqualityOperator: an amount that just drains a bin quotes the same as that bin's partial fill.
    if (table.gross[middle] <= amountIn) drained = middle;
    else beyond = middle;
  }
  const quote = { amountIn: table.gross[drained], amountOut: table.out[drained], feeAmount: table.fee[drained], spotAmountOut: table.spot[drained] };
  const remaining = amountIn - table.gross[drained];
  const bin = table.bins[drained];
  // Stryker disable next-line ConditionalExpression: a partial bin of nothing adds nothing.
  if (!bin || remaining === 0n) return quote;
  const fee = feeAt(remaining, bin.feePpb);
  const net = remaining - fee;
  const quoted = direction === 'xToY' ? (net * bin.price.num) / bin.price.den : (net * bin.price.den) / bin.price.num;
  return {
    amountIn: amountIn,
    // Stryker disable next-line EqualityOperator,ConditionalExpression: less than the bin's gross to drain never quotes all it holds (kept as the walk's guard).
    amountOut: quote.amountOut + (quoted > bin.available ? bin.available : quoted),
    feeAmount: quote.feeAmount + fee,
    spotAmountOut: quote.spotAmountOut + spotOf(net, table.startPrice, direction),
  };
}

/**
 * Swaps `amountIn` walking bins from the active one. Stops early when the
 * pool runs out of liquidity on that side: `amountIn` of the result then
 * says how much was actually consumed.
 */
export function dlmmSwap(state: DlmmState, amountIn: bigint, direction: SwapDirection, now: number): SwapResult<DlmmState> {
  const { changed, activeId, reference, indexReference, ...quote } = walk(state, amountIn, direction, now);
  const amounts = state.bins.amounts.slice();
  changed.forEach((bin, id) => (amounts[id - state.bins.first] = bin));
  return {
    ...quote,
    state: {
      ...state,
      bins: { first: state.bins.first, amounts },
      activeId,
      volatility: quote.amountIn > 0n ? { reference, indexReference, lastSwapAt: now } : state.volatility,
    },
  };
}

/** Spot price of the active bin (Y per X, base units). */
export const dlmmSpotPrice = (state: DlmmState): number => binPrice(state.binStepBps, state.activeId);

/** Arbitrage that moves the active bin to the bin of `targetPrice`, as ordinary swaps. */
export function dlmmArbitrageTo(state: DlmmState, targetPrice: number, now: number): DlmmState {
  const target = binIdForPrice(state.binStepBps, targetPrice);
  if (target === state.activeId) return state;
  const direction: SwapDirection = target < state.activeId ? 'xToY' : 'yToX';
  const step = direction === 'xToY' ? -1 : 1;
  const { reference, indexReference } = volatilityAt(state, now);
  let needed = 0n;
  for (let id = state.activeId; id !== target; id += step) {
    const bin = binAt(state.bins, id);
    if (!bin) continue;
    const { num, den } = priceFraction(state.binStepBps, id);
    const available = direction === 'xToY' ? bin.y : bin.x;
    const net = direction === 'xToY' ? ceilDiv(available * den, num) : ceilDiv(available * num, den);
    needed += ceilDiv(net * PPB, PPB - dlmmFeePpb(state, reference, indexReference, id));
  }
  return needed > 0n ? dlmmSwap(state, needed, direction, now).state : { ...state, activeId: target };
}

interface DlmmShape {
  readonly price: number;
  readonly binStepBps: number;
  /** Bins on each side of the active bin. */
  readonly binsPerSide: number;
  /** Value of each side, in Y base units. */
  readonly valueY: bigint;
  readonly baseFeePpb: bigint;
  readonly variableFeeControl: number;
  readonly maxFeePpb: bigint;
}

/** A pool with liquidity spread evenly over `binsPerSide` bins each side of the price ("spot" shape). */
export function dlmmPool(shape: DlmmShape, now: number): DlmmState {
  const activeId = binIdForPrice(shape.binStepBps, shape.price);
  const yPerBin = shape.valueY / BigInt(shape.binsPerSide);
  const amounts = Array.from({ length: 2 * shape.binsPerSide + 1 }, (_, i): DlmmBin => {
    const id = activeId - shape.binsPerSide + i;
    const { num, den } = priceFraction(shape.binStepBps, id);
    if (id < activeId) return { x: 0n, y: yPerBin };
    return id > activeId ? { x: (yPerBin * den) / num, y: 0n } : { x: (yPerBin * den) / num / 2n, y: yPerBin / 2n };
  });
  return {
    binStepBps: shape.binStepBps,
    activeId,
    bins: { first: activeId - shape.binsPerSide, amounts },
    baseFeePpb: shape.baseFeePpb,
    variableFeeControl: shape.variableFeeControl,
    maxFeePpb: shape.maxFeePpb,
    volatility: { reference: 0, indexReference: activeId, lastSwapAt: now },
  };
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
