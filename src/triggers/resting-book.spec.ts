import { pairKey, RestingBook, type RestingOrder } from './resting-book.js';

const SELL = pairKey('SOL', 'USDC');
const BUY = pairKey('USDC', 'SOL');
const order = (id: string, threshold: number, pair = SELL): RestingOrder => ({ id, pair, threshold, atSeq: 2 });
const ids = (orders: readonly RestingOrder[]) => orders.map((o) => o.id);

describe('RestingBook', () => {
  it('returns the orders a price crosses, lowest threshold first, and only those', () => {
    const book = new RestingBook();
    for (const [id, threshold] of [
      ['c', 160],
      ['a', 150],
      ['b', 155],
      ['d', 170],
    ] as const)
      book.add(order(id, threshold));
    expect(ids(book.crossing(SELL, 149.99))).toEqual([]);
    expect(ids(book.crossing(SELL, 155))).toEqual(['a', 'b']);
    expect(ids(book.crossing(SELL, 1_000))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the two directions of a pair apart', () => {
    const book = new RestingBook();
    book.add(order('sell', 150, SELL));
    book.add(order('buy', 0.006, BUY));
    expect(ids(book.crossing(SELL, 151))).toEqual(['sell']);
    expect(ids(book.crossing(BUY, 0.0066))).toEqual(['buy']);
    expect(ids(book.crossing(BUY, 0.005))).toEqual([]);
    expect(book.pairKeys().sort()).toEqual([BUY, SELL].sort());
  });

  it('ties: every order at the crossing threshold is returned', () => {
    const book = new RestingBook();
    for (const id of ['x', 'y', 'z']) book.add(order(id, 150));
    expect(ids(book.crossing(SELL, 150)).sort()).toEqual(['x', 'y', 'z']);
    expect(book.crossing(SELL, 149.999999)).toEqual([]);
  });

  it('forgets removed orders and replaces an order added again, in the index too', () => {
    const book = new RestingBook();
    book.add(order('a', 150));
    book.add(order('b', 151));
    expect(ids(book.crossing(SELL, 152))).toEqual(['a', 'b']);
    book.remove('a');
    book.add({ ...order('b', 160), atSeq: 4 });
    expect(book.crossing(SELL, 152)).toEqual([]);
    expect(book.crossing(SELL, 160)).toEqual([{ ...order('b', 160), atSeq: 4 }]);
    book.remove('b');
    expect(book.size).toBe(0);
    expect(book.pairKeys()).toEqual([]);
    book.remove('unknown');
  });

  it('stays right through bulk loads, one-by-one additions, replacements and removals (with compaction)', () => {
    const book = new RestingBook();
    for (let i = 0; i < 3_000; i++) book.add(order(`o${i}`, i)); // a bulk load: one sort
    for (let i = 0; i < 3_000; i += 2) book.remove(`o${i}`);
    expect(ids(book.crossing(SELL, 9))).toEqual(['o1', 'o3', 'o5', 'o7', 'o9']);
    book.add(order('late', 4.5)); // one insert into the sorted book
    book.add({ ...order('o3', 2_999.5), atSeq: 5 }); // a replacement moves it
    expect(ids(book.crossing(SELL, 9))).toEqual(['o1', 'late', 'o5', 'o7', 'o9']);
    for (let i = 1; i < 2_990; i += 2) book.remove(`o${i}`); // o3 (replaced) too; past half stale: compacted on the next lookup
    expect(ids(book.crossing(SELL, 10_000))).toEqual(['late', 'o2991', 'o2993', 'o2995', 'o2997', 'o2999']);
    expect(book.size).toBe(6);
  });

  it('a bulk of new orders (more than are inserted one by one) comes back sorted by threshold', () => {
    const book = new RestingBook();
    const thresholds = Array.from({ length: 1_500 }, (_, i) => ((i * 7_919) % 1_500) + 1);
    thresholds.forEach((threshold, i) => book.add(order(`o${i}`, threshold)));
    const crossed = book.crossing(SELL, 750).map((o) => o.threshold);
    expect(crossed).toEqual(Array.from({ length: 750 }, (_, i) => i + 1));
    // Then one by one on top of the bulk: still in order.
    book.add(order('late', 0.5));
    expect(book.crossing(SELL, 1)[0].id).toBe('late');
  });

  it('gets an order by id, and clear() forgets every order and pair', () => {
    const book = new RestingBook();
    book.add(order('a', 150));
    expect(book.get('a')).toMatchObject({ id: 'a', threshold: 150 });
    expect(book.get('b')).toBeUndefined();
    book.clear();
    expect(book.size).toBe(0);
    expect(book.get('a')).toBeUndefined();
    expect(book.pairKeys()).toEqual([]);
    expect(book.crossing(SELL, 1_000)).toEqual([]);
  });
});
