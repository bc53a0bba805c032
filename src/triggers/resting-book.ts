/** A resting order as the trigger index holds it. */
export interface RestingOrder {
  readonly id: string;
  /** The directed pair: input mint → output mint. */
  readonly pair: string;
  /**
   * The order cannot execute while the pair's spot price (output per input,
   * UI units) is below this: the limit price for a limit order.
   */
  readonly threshold: number;
  /** The `seq` of the order's `waiting` event: a trigger fires for this state of the order only. */
  readonly atSeq: number;
}

export const pairKey = (inputMint: string, outputMint: string): string => `${inputMint}>${outputMint}`;

/** Inserting one by one costs a shift of the sorted array each; past this many new orders, one sort is cheaper. */
const BULK_INSERT = 1_000;

/**
 * One pair's resting orders, sorted by threshold, so a lookup is a binary search. A removed or replaced
 * order stays in the sorted array until compaction (it is skipped by identity): removing an order, which
 * every fill does, never re-sorts the book.
 */
class PairBook<T extends RestingOrder> {
  private sorted: T[] = [];
  private added: T[] = [];
  private stale = 0;
  readonly orders = new Map<string, T>();

  set(order: T): void {
    // Stryker disable next-line ConditionalExpression,UpdateOperator: compaction is bookkeeping callers cannot see: a stale entry is skipped by identity either way, only the cost changes
    if (this.orders.has(order.id)) this.stale++;
    this.orders.set(order.id, order);
    this.added.push(order);
  }

  delete(id: string): void {
    // Stryker disable next-line UpdateOperator: compaction is bookkeeping callers cannot see: a stale entry is skipped by identity either way, only the cost changes
    if (this.orders.delete(id)) this.stale++;
  }

  /** Orders whose threshold is at most `price`, lowest threshold first. */
  atOrBelow(price: number): T[] {
    this.settle();
    return this.sorted.slice(0, upperBound(this.sorted, price)).filter((order) => this.orders.get(order.id) === order);
  }

  private settle(): void {
    // Stryker disable all: compaction is bookkeeping callers cannot see: a stale entry is skipped by identity either way, only the cost changes
    if (this.stale > this.sorted.length / 2) {
      this.sorted = this.sorted.filter((order) => this.orders.get(order.id) === order);
      this.stale = 0;
    }
    // Stryker restore all
    // Stryker disable next-line ConditionalExpression: with nothing added, the insertion below does nothing either
    if (this.added.length === 0) return;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: one sort or insertions one by one give the same order; only the cost differs
    if (this.added.length > BULK_INSERT) {
      this.sorted = this.sorted.concat(this.added).sort((a, b) => a.threshold - b.threshold);
    } else {
      for (const order of this.added) this.sorted.splice(upperBound(this.sorted, order.threshold), 0, order);
    }
    this.added = [];
  }
}

/** The number of orders with a threshold at most `price` (the sorted array's first index above it). */
function upperBound(sorted: readonly RestingOrder[], price: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].threshold <= price) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Resting orders indexed by pair and threshold: a price move touches only the
 * orders it crosses (a binary search, then those orders), not every order
 * resting on the pair.
 */
export class RestingBook<T extends RestingOrder = RestingOrder> {
  private readonly pairs = new Map<string, PairBook<T>>();
  private readonly byId = new Map<string, T>();

  get size(): number {
    return this.byId.size;
  }

  /** Adds the order, or replaces what the book held for it. */
  add(order: T): void {
    this.remove(order.id);
    this.byId.set(order.id, order);
    let book = this.pairs.get(order.pair);
    if (!book) this.pairs.set(order.pair, (book = new PairBook()));
    book.set(order);
  }

  remove(id: string): void {
    const order = this.byId.get(id);
    if (!order) return;
    this.byId.delete(id);
    const book = this.pairs.get(order.pair)!;
    book.delete(id);
    if (book.orders.size === 0) this.pairs.delete(order.pair);
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** The pairs with resting orders. */
  pairKeys(): string[] {
    return [...this.pairs.keys()];
  }

  /** The pair's orders the price crosses (threshold ≤ price): the only ones that can execute at it. */
  crossing(pair: string, price: number): T[] {
    return this.pairs.get(pair)?.atOrBelow(price) ?? [];
  }

  clear(): void {
    this.pairs.clear();
    this.byId.clear();
  }
}
