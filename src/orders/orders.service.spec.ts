import { MARKET_TERMS } from '../contracts/order-lifecycle.js';
import { DependencyUnavailableError, IdempotencyKeyReusedError, OrderNotCancellableError, OrderNotFoundError } from '../common/errors/request.errors.js';
import type { JobTrade } from '../queue/order-execution.job.js';
import type { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import type { QueueLimiter } from '../queue/queue-limiter.js';
import type { QueueHold } from '../contracts/order-lifecycle.js';
import { harness, type Harness } from '../../test/support/execution-harness.js';
import type { OrderRequest } from './order-request.parser.js';
import { OrdersService } from './orders.service.js';
import { PlausiblePrices } from './plausible-prices.js';

const WS = 'ws://engine.test';
const alice = { name: 'alice', admin: false };
const bob = { name: 'bob', admin: false };
const operator = { name: 'ops', admin: true };

/** A producer that queues in memory, or refuses as a Redis that is down would. */
class FakeProducer {
  readonly queued: { orderId: string; trade?: JobTrade }[] = [];
  down = false;

  async enqueue(orderId: string, trade?: JobTrade): Promise<void> {
    if (this.down) throw new DependencyUnavailableError('redis');
    this.queued.push({ orderId, trade });
  }
}

describe('OrdersService', () => {
  let h: Harness;
  let producer: FakeProducer;
  let orders: OrdersService;
  let hold: QueueHold | undefined;

  beforeEach(() => {
    h = harness();
    producer = new FakeProducer();
    hold = undefined;
    const limiter = { holdForNewJob: () => hold } as unknown as QueueLimiter;
    orders = new OrdersService(h.store, producer as unknown as OrderExecutionProducer, h.lifecycle, h.tokens, limiter, new PlausiblePrices(h.router));
  });

  afterEach(() => h.publishedEventsAreStored());

  const request = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
    type: 'market',
    side: 'sell',
    input: h.tokens.resolve('SOL')!,
    output: h.tokens.resolve('USDC')!,
    amountIn: 2_000_000_000n,
    slippageBps: 50,
    terms: MARKET_TERMS,
    clientOrderId: null,
    ...overrides,
  });

  it('stores, queues, then publishes a new order, and answers where to follow it', async () => {
    const answer = await orders.place(request(), WS, alice);
    expect(answer).toEqual({ message: 'Order received', orderId: answer.orderId, status: 'pending', wsUrl: `${WS}/api/orders/ws/${answer.orderId}` });
    expect(producer.queued).toEqual([{ orderId: answer.orderId, trade: expect.objectContaining({ amountIn: '2000000000', slippageBps: 50 }) }]);
    expect(await h.store.find(answer.orderId)).toMatchObject({ owner: 'alice', status: 'pending', amountIn: 2_000_000_000n });
    expect(h.publisher.published.map((e) => [e.orderId, e.status])).toEqual([[answer.orderId, 'pending']]);
  });

  it("says in the order's pending event when the queue's rate limit holds it back, and until about when", async () => {
    hold = { reason: 'QUEUE_RATE_LIMIT', message: 'at most 100 orders start per 60 s', expectedStartAt: '2030-01-01T00:00:30.000Z', jobsAhead: 250 };
    const { orderId } = await orders.place(request(), WS, alice);
    expect((await h.store.events(orderId))[0]).toMatchObject({ status: 'pending', queued: hold });
    hold = undefined;
    const free = await orders.place(request(), WS, alice);
    expect((await h.store.events(free.orderId))[0]).not.toHaveProperty('queued');
  });

  it('refuses an inverted limit price, saying which way prices are read; a far but plausible one rests', async () => {
    // SOL→USDC is about 150 USDC per SOL: 0.00666 is SOL per USDC, the inverse.
    const inverted = orders.place(request({ type: 'limit', terms: { limitPrice: '0.00666', maxPrice: null, expiresAt: null } }), WS, alice);
    await expect(inverted).rejects.toMatchObject({
      errors: [{ field: 'limitPrice', rule: 'plausiblePrice', message: expect.stringMatching(/read as USDC per SOL.*"150/) }],
    });
    expect(await h.store.countByStatus()).toEqual({});
    const far = orders.place(request({ type: 'limit', terms: { limitPrice: '1000', maxPrice: null, expiresAt: null } }), WS, alice);
    await expect(far).resolves.toMatchObject({ status: 'pending' });
  });

  it('an order that cannot be queued is removed again, never published, and the error reaches the caller', async () => {
    producer.down = true;
    await expect(orders.place(request(), WS, alice)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await h.store.countByStatus()).toEqual({});
    expect(h.publisher.published).toEqual([]);
  });

  it('a repeated client order id answers the order already placed; with another request it is refused', async () => {
    const first = await orders.place(request({ clientOrderId: 'k-1' }), WS, alice);
    const again = await orders.place(request({ clientOrderId: 'k-1' }), WS, alice);
    expect(again).toMatchObject({ orderId: first.orderId, message: 'Order already received (same client order id)' });
    expect(producer.queued).toHaveLength(1);
    await expect(orders.place(request({ clientOrderId: 'k-1', amountIn: 3_000_000_000n }), WS, alice)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // Another key's client ids are its own.
    expect((await orders.place(request({ clientOrderId: 'k-1' }), WS, bob)).orderId).not.toBe(first.orderId);
  });

  it('cancels an order that has not started executing; one on its way cannot be', async () => {
    const { orderId } = await orders.place(request(), WS, alice);
    await expect(orders.cancel(orderId, alice)).resolves.toMatchObject({ status: 'cancelled' });
    const sent = (await orders.place(request(), WS, alice)).orderId;
    await h.lifecycle.record(sent, { status: 'submitted', attempt: 1, details: { txHash: 'sig', venue: 'raydium' } });
    await expect(orders.cancel(sent, alice)).rejects.toBeInstanceOf(OrderNotCancellableError);
  });

  it("another key's order is not found, to read, follow or cancel; an operator sees every order", async () => {
    const { orderId } = await orders.place(request(), WS, alice);
    await expect(orders.get(orderId, bob)).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(orders.eventsFor(orderId, bob)).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(orders.cancel(orderId, bob)).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await orders.get(orderId, operator)).orderId).toBe(orderId);
    expect((await orders.eventsFor(orderId, alice)).map((e) => e.status)).toEqual(['pending']);
  });

  it("lists a key's own orders newest first, a page at a time", async () => {
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push((await orders.place(request(), WS, alice)).orderId);
    await orders.place(request(), WS, bob);
    const first = await orders.list({ limit: 2 } as never, alice);
    expect(first.orders).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = await orders.list({ limit: 2, cursor: first.nextCursor } as never, alice);
    expect([...first.orders, ...rest.orders].map((o) => o.orderId).sort()).toEqual([...placed].sort());
    expect(rest.nextCursor).toBeNull();
  });
});
