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

/** One pair's resting orders, sorted by threshold on demand (after changes), so a lookup is a binary search. */
class PairBook<T extends RestingOrder> {
  private sorted: T[] = [];
  private dirty = false;
  readonly orders = new Map<string, T>();

  set(order: T): void {
    this.orders.set(order.id, order);
    this.dirty = true;
  }

  delete(id: string): void {
    if (this.orders.delete(id)) this.dirty = true;
  }

  /** Orders whose threshold is at most `price`, lowest threshold first. */
  atOrBelow(price: number): T[] {
    if (this.dirty) {
      this.sorted = [...this.orders.values()].sort((a, b) => a.threshold - b.threshold);
      this.dirty = false;
    }
    let [low, high] = [0, this.sorted.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle].threshold <= price) low = middle + 1;
      else high = middle;
    }
    return this.sorted.slice(0, low);
  }
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
