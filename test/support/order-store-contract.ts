import { randomUUID } from 'node:crypto';
import { CANCELLABLE_STATUSES, MARKET_TERMS, type StatusChange } from '../../src/contracts/order-lifecycle.js';
import type { NewOrder } from '../../src/order-store/order-record.js';
import type { TestOrderStore } from './database.js';

const SOL = { symbol: 'SOL', mint: 'So11111111111111111111111111111111111111112', decimals: 9 };
const USDC = { symbol: 'USDC', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6 };

const submitted = (txHash: string): StatusChange => ({ status: 'submitted', attempt: 1, details: { txHash, venue: 'raydium' } });
const waiting: StatusChange = {
  status: 'waiting',
  attempt: 1,
  details: { reason: 'below the limit', limitPrice: '200', maxPrice: null, bestPrice: 150, gapBps: 2500, expiresAt: null },
};
const cancelled: StatusChange = { status: 'cancelled', attempt: 0, details: { reason: 'cancelled by the client' } };
const failed: StatusChange = { status: 'failed', attempt: 1, details: { error: { code: 'X', message: 'x' }, attempts: 1 } };
const confirmed = (txHash: string): StatusChange => ({
  status: 'confirmed',
  attempt: 1,
  details: { txHash, venue: 'raydium', fills: [], amountIn: '1000000000', amountOut: '150000000', executedPrice: 150 },
});

function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    id: randomUUID(),
    type: 'market',
    side: 'sell',
    input: SOL,
    output: USDC,
    amountIn: 1_000_000_000n,
    slippageBps: 50,
    terms: MARKET_TERMS,
    createdAt: new Date(),
    owner: null,
    clientOrderId: null,
    requestHash: null,
    ...overrides,
  };
}

const PENDING = { type: 'market', side: 'sell', inputToken: SOL, outputToken: USDC, amountIn: '1000000000', slippageBps: 50 } as const;

/**
 * What every order store must do, run against the SQL store (integration tier) and the in-memory one (unit
 * tier), so that unit tests on the in-memory store see what the engine sees.
 */
export function orderStoreContract(store: () => TestOrderStore): void {
  const place = async (overrides: Partial<NewOrder> = {}): Promise<string> => {
    const order = newOrder(overrides);
    await store().insert(order, PENDING);
    return order.id;
  };

  it("stores a new order with its pending event; a client order id is its owner's once", async () => {
    const order = newOrder({ owner: 'alice', clientOrderId: 'c-1', requestHash: 'h' });
    const pending = await store().insert(order, PENDING);
    expect(pending).toMatchObject({ orderId: order.id, seq: 1, status: 'pending', attempt: 0, amountIn: '1000000000' });
    expect(await store().events(order.id)).toEqual([pending]);
    expect(await store().find(order.id)).toMatchObject({ status: 'pending', lastSeq: 1, owner: 'alice', amountIn: 1_000_000_000n, txHash: null });
    expect(await store().insert(newOrder({ owner: 'alice', clientOrderId: 'c-1' }), PENDING)).toBeUndefined();
    expect(await store().insert(newOrder({ owner: 'bob', clientOrderId: 'c-1' }), PENDING)).toBeDefined();
    expect((await store().byClientOrderId('alice', 'c-1'))?.id).toBe(order.id);
    expect(await store().ownerOf(order.id)).toBe('alice');
    expect(await store().ownerOf(randomUUID())).toBeUndefined();
  });

  it('records changes with consecutive seqs, sets their columns, and gives back what a later read gives', async () => {
    const id = await place();
    const stored = await store().record(id, [submitted('tx-1'), confirmed('tx-1')]);
    expect(stored.map((e) => [e.seq, e.status])).toEqual([
      [2, 'submitted'],
      [3, 'confirmed'],
    ]);
    expect(stored).toEqual((await store().events(id)).slice(1));
    expect(await store().find(id)).toMatchObject({ status: 'confirmed', lastSeq: 3, txHash: 'tx-1', amountOut: 150_000_000n, executedPrice: 150, attempts: 1 });
  });

  it('refuses any change of a terminal order, and will not claim it', async () => {
    const id = await place();
    await store().record(id, [failed]);
    expect(await store().record(id, [submitted('late')])).toEqual([]);
    expect(await store().claim(id, randomUUID())).toBeUndefined();
    expect((await store().find(id))?.status).toBe('failed');
  });

  it('a claim fences off the run that held the order before', async () => {
    const id = await place();
    const [stale, owner] = [randomUUID(), randomUUID()];
    expect(await store().claim(id, stale)).toMatchObject({ id, status: 'pending' });
    await store().claim(id, owner);
    expect(await store().record(id, [submitted('stale')], { runId: stale })).toEqual([]);
    expect(await store().record(id, [submitted('owner')], { runId: owner })).toHaveLength(1);
    expect((await store().find(id))?.txHash).toBe('owner');
  });

  it('claims afresh only an order no run has sent a swap for; resting again clears the swap', async () => {
    const id = await place();
    const first = randomUUID();
    expect(await store().claimAndRecord(id, first, [submitted('first')])).toHaveLength(1);
    expect(await store().claimAndRecord(id, randomUUID(), [submitted('second')])).toEqual([]);
    expect(await store().record(id, [waiting], { runId: first })).toHaveLength(1);
    expect((await store().find(id))?.txHash).toBeNull();
    expect(await store().claimAndRecord(id, randomUUID(), [submitted('third')])).toHaveLength(1);
  });

  it("claims afresh for a trigger only at the seq it saw, and a refused claim leaves the order's run as it was", async () => {
    const id = await place();
    const owner = randomUUID();
    const [rested] = await store().claimAndRecord(id, owner, [waiting]);
    expect(await store().claimAndRecord(id, randomUUID(), [submitted('stale')], rested.seq - 1)).toEqual([]);
    // The refused claim did not take the order from its run: the run's own writes still go through.
    expect(await store().record(id, [waiting], { runId: owner })).toHaveLength(1);
    const [again] = (await store().events(id)).slice(-1);
    expect(await store().claimAndRecord(id, randomUUID(), [submitted('current')], again.seq)).toHaveLength(1);
  });

  it('keeps expiry times in UTC with milliseconds, whatever offset they came with, and refuses an id twice', async () => {
    const order = newOrder({ type: 'limit', terms: { limitPrice: '1', maxPrice: null, expiresAt: '2030-01-01T02:00:00+02:00' } });
    await store().insert(order, PENDING);
    expect((await store().find(order.id))?.terms.expiresAt).toBe('2030-01-01T00:00:00.000Z');
    await expect(store().insert(order, PENDING)).rejects.toThrow();
  });

  it('changes only from the given statuses, and only at the given seq', async () => {
    const id = await place();
    const [rested] = await store().record(id, [waiting]);
    expect(await store().record(id, [submitted('stale-trigger')], { atSeq: rested.seq - 1 })).toEqual([]);
    expect(await store().record(id, [submitted('trigger')], { atSeq: rested.seq })).toHaveLength(1);
    expect(await store().record(id, [cancelled], { from: CANCELLABLE_STATUSES })).toEqual([]);
    expect((await store().find(id))?.status).toBe('submitted');
  });

  it('removes an order and its events', async () => {
    const id = await place();
    await store().remove(id);
    expect(await store().find(id)).toBeUndefined();
    expect(await store().events(id)).toEqual([]);
  });

  it('finds resting, expired and unfinished orders', async () => {
    const past = new Date(Date.now() - 60_000);
    const resting = await place({ type: 'limit', terms: { limitPrice: '200', maxPrice: null, expiresAt: null } });
    await store().record(resting, [waiting]);
    const expiring = await place({ type: 'limit', terms: { limitPrice: '200', maxPrice: null, expiresAt: past.toISOString() } });
    const stranded = await place({ createdAt: past });
    const ids = (orders: { id: string }[]) => orders.map((o) => o.id);
    expect(ids(await store().resting(10_000))).toContain(resting);
    expect(ids(await store().resting(10_000))).not.toContain(stranded);
    expect(ids(await store().expired(new Date(), 10_000))).toContain(expiring);
    expect(ids(await store().expired(new Date(), 10_000))).not.toContain(resting);
    expect(ids(await store().unfinished(new Date(Date.now() - 30_000), 10_000))).toContain(stranded);
    expect(ids(await store().unfinished(new Date(Date.now() - 30_000), 10_000))).not.toContain(resting);
    expect(ids(await store().findMany([resting, stranded])).sort()).toEqual([resting, stranded].sort());
  });

  it('pages history newest first, per owner and status', async () => {
    const owner = `owner-${randomUUID()}`;
    const base = Date.now() - 10_000;
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await place({ owner, createdAt: new Date(base + i * 1_000) }));
    const first = await store().history({ owner, limit: 2 });
    expect(first.map((o) => o.id)).toEqual([placed[2], placed[1]]);
    const rest = await store().history({ owner, limit: 2, before: { createdAt: first[1].createdAt, id: first[1].id } });
    expect(rest.map((o) => o.id)).toEqual([placed[0]]);
    await store().record(placed[0], [cancelled]);
    expect((await store().history({ owner, limit: 10, status: 'cancelled' })).map((o) => o.id)).toEqual([placed[0]]);
  });

  it('counts orders by status and those that reached one since a time', async () => {
    const before = await store().countByStatus();
    const since = new Date(Date.now() - 1_000);
    const reachedBefore = await store().countReached('confirmed', since);
    const id = await place();
    await store().record(id, [confirmed('counted')]);
    expect((await store().countByStatus()).confirmed).toBe((before.confirmed ?? 0) + 1);
    expect(await store().countReached('confirmed', since)).toBe(reachedBefore + 1);
  });
}
