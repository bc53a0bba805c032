import { randomUUID } from 'node:crypto';
import { CANCELLABLE_STATUSES, type StatusChange } from '../src/contracts/order-lifecycle.js';
import { orderStoreContract } from './support/order-store-contract.js';
import { insertMarketSell, openTestDatabase, sqlOrderStore, storeMarketSell, type TestDatabase, type TestOrderStore } from './support/database.js';

const submitted = (txHash: string): StatusChange => ({ status: 'submitted', attempt: 1, details: { txHash, venue: 'raydium' } });

/** The order store on a real PostgreSQL: the group-commit batches must behave like statements run one by one. */
describe("the SQL order store's group-commit batches", () => {
  let database: TestDatabase;
  let orders: TestOrderStore;

  beforeAll(async () => {
    database = await openTestDatabase();
    orders = sqlOrderStore(database);
  });

  afterAll(() => database?.dispose());

  const accepted = () => storeMarketSell(orders);

  it('one order twice in one batch: the fenced run is refused, the owner and the neighbours are written', async () => {
    const [order, neighbour] = [await accepted(), await accepted()];
    const [stale, owner] = [randomUUID(), randomUUID()];
    await orders.claim(order, stale);
    await orders.claim(order, owner); // a stalled-job takeover: `stale` is fenced from now on

    // Same tick, so one batch: the stale run's write, the owner's, and a neighbour's.
    const [fromStale, fromOwner, fromNeighbour] = await Promise.all([
      orders.record(order, [submitted('stale-tx')], { runId: stale }),
      orders.record(order, [submitted('owner-tx')], { runId: owner }),
      orders.record(neighbour, [submitted('neighbour-tx')]),
    ]);

    expect(fromStale).toEqual([]);
    expect(fromOwner.map((e) => [e.seq, e.status])).toEqual([[2, 'submitted']]);
    expect(fromNeighbour.map((e) => [e.seq, e.status])).toEqual([[2, 'submitted']]);
    expect((await orders.events(order)).map((e) => (e.status === 'submitted' ? e.txHash : e.status))).toEqual(['pending', 'owner-tx']);
    expect((await orders.find(order))?.txHash).toBe('owner-tx');
  });

  it('returns the events exactly as a later read of the store gives them back, several changes and orders in one batch', async () => {
    const [pending, other] = [(await insertMarketSell(orders))!, await accepted()];
    const order = pending.orderId;
    const routing: StatusChange = {
      status: 'routing',
      attempt: 1,
      details: { quotes: [], route: { venue: 'meteora', legs: [], amountOut: '1', minAmountOut: '1', effectivePrice: 1.5 } } as never,
    };
    const [several, one] = await Promise.all([orders.record(order, [routing, submitted('tx-"quoted"-✓')]), orders.record(other, [submitted('other')])]);
    expect(several.map((e) => e.seq)).toEqual([2, 3]);
    expect(several).toEqual((await orders.events(order)).slice(1));
    expect(one).toEqual((await orders.events(other)).slice(1));
    expect(pending).toEqual((await orders.events(order))[0]);
  });

  it('two unfenced changes of one order in one batch are both kept, in call order', async () => {
    const order = await accepted();
    const [first, second] = await Promise.all([orders.record(order, [submitted('first')]), orders.record(order, [submitted('second')])]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([2, 3]);
    expect((await orders.find(order))?.txHash).toBe('second');
  });

  it('two claims of one order in one batch: the later claim owns the order, as if run one after the other', async () => {
    const order = await accepted();
    const [early, late] = [randomUUID(), randomUUID()];
    const claimed = await Promise.all([orders.claim(order, early), orders.claim(order, late)]);
    expect(claimed.map((record) => record?.id)).toEqual([order, order]);

    const [fromEarly, fromLate] = await Promise.all([
      orders.record(order, [submitted('early')], { runId: early }),
      orders.record(order, [submitted('late')], { runId: late }),
    ]);
    expect(fromEarly).toEqual([]);
    expect(fromLate).toHaveLength(1);
  });

  it('claim-and-record takes a fresh order and fences the run that held it; two in one batch: the first sends, the second is refused', async () => {
    const order = await accepted();
    const [previous, first, second] = [randomUUID(), randomUUID(), randomUUID()];
    await orders.claim(order, previous);
    const [fromFirst, fromSecond] = await Promise.all([
      orders.claimAndRecord(order, first, [submitted('first-tx')]),
      orders.claimAndRecord(order, second, [submitted('second-tx')]),
    ]);
    expect(fromFirst.map((e) => [e.seq, e.status])).toEqual([[2, 'submitted']]);
    expect(fromSecond).toEqual([]); // a swap was sent: the second run must claim and reconcile instead
    expect(await orders.record(order, [submitted('previous-tx')], { runId: previous })).toEqual([]);
    expect(await orders.record(order, [submitted('second-again')], { runId: second })).toEqual([]);
    expect(await orders.record(order, [submitted('first-again')], { runId: first })).toHaveLength(1);
  });

  it('claim-and-record leaves an order alone once a swap was sent for it, or once it is terminal', async () => {
    const [sent, done] = [await accepted(), await accepted()];
    const owner = randomUUID();
    await orders.claim(sent, owner);
    await orders.record(sent, [submitted('owner-tx')], { runId: owner });
    await orders.record(done, [{ status: 'failed', attempt: 1, details: { error: { code: 'X', message: 'x' }, attempts: 1 } }]);

    expect(await orders.claimAndRecord(sent, randomUUID(), [submitted('other-tx')])).toEqual([]);
    expect(await orders.claimAndRecord(done, randomUUID(), [submitted('late-tx')])).toEqual([]);
    // The owner still owns the order it sent a swap for.
    expect(await orders.record(sent, [submitted('owner-tx-2')], { runId: owner })).toHaveLength(1);
    expect((await orders.find(done))?.status).toBe('failed');
  });

  const waiting: StatusChange = {
    status: 'waiting',
    attempt: 1,
    details: { reason: 'limit not reached', limitPrice: '200', maxPrice: null, bestPrice: 150, gapBps: 2500, expiresAt: null },
  };
  const cancelled: StatusChange = { status: 'cancelled', attempt: 0, details: { reason: 'cancelled by the client' } };

  it('a cancel racing a trigger, 300 times in every order and batch split: exactly one of them changes the order', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const order = await accepted();
        const [rested] = await orders.claimAndRecord(order, randomUUID(), [waiting]);
        const trigger = () => orders.claimAndRecord(order, randomUUID(), [submitted(`tx-${i}`)], rested.seq);
        const cancel = () => orders.record(order, [cancelled], { from: CANCELLABLE_STATUSES });
        // Same tick (one batch, in either order) or one after the other, in either order.
        const [fromTrigger, fromCancel] =
          i % 4 === 0
            ? await Promise.all([trigger(), cancel()])
            : i % 4 === 1
              ? (await Promise.all([cancel(), trigger()])).reverse()
              : i % 4 === 2
                ? [await trigger(), await cancel()]
                : await (async () => {
                    const fromCancel = await cancel();
                    return [await trigger(), fromCancel];
                  })();
        return { order, triggered: fromTrigger.length > 0, cancelledNow: fromCancel.length > 0 };
      }),
    );
    for (const { order, triggered, cancelledNow } of rounds) {
      expect(triggered !== cancelledNow).toBe(true);
      const stored = await orders.find(order);
      expect(stored?.status).toBe(triggered ? 'submitted' : 'cancelled');
      expect(stored?.txHash ?? null).toEqual(triggered ? expect.stringMatching(/^tx-/) : null);
    }
    expect(rounds.some((r) => r.triggered) && rounds.some((r) => r.cancelledNow)).toBe(true);
  });

  it('a trigger fires only for the state it saw: after another event (a second trigger, a cancel) it is refused', async () => {
    const order = await accepted();
    const [rested] = await orders.claimAndRecord(order, randomUUID(), [waiting]);
    const [first, second] = await Promise.all([
      orders.claimAndRecord(order, randomUUID(), [submitted('first')], rested.seq),
      orders.claimAndRecord(order, randomUUID(), [submitted('second')], rested.seq),
    ]);
    expect([first.length, second.length].sort()).toEqual([0, 1]);
    expect(await orders.record(order, [cancelled], { from: CANCELLABLE_STATUSES })).toEqual([]);
    expect((await orders.find(order))?.status).toBe('submitted');

    // Rested again (the market moved away): a trigger for the earlier waiting state is stale.
    const again = await accepted();
    const [firstRest] = await orders.claimAndRecord(again, randomUUID(), [waiting]);
    const [secondRest] = await orders.claimAndRecord(again, randomUUID(), [waiting]);
    expect(await orders.claimAndRecord(again, randomUUID(), [submitted('stale')], firstRest.seq)).toEqual([]);
    expect(await orders.claimAndRecord(again, randomUUID(), [submitted('current')], secondRest.seq)).toHaveLength(1);
  });

  describe('keeps the order store contract', () => orderStoreContract(() => orders));
});
