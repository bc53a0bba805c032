import { randomUUID } from 'node:crypto';
import type { OrderLifecycleEvent, OrderTerms } from '../contracts/order-lifecycle.js';
import type { OrderEventsListener, OrderEventsSubscriber } from '../events/order-events.subscriber.js';
import type { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import type { TriggerFire } from '../queue/order-execution.job.js';
import { toTokenView } from '../tokens/token-registry.js';
import { harness, testConfig, type Harness } from '../../test/support/execution-harness.js';
import { OrderTriggers } from './order-triggers.service.js';
import type { QueueLimiter } from '../queue/queue-limiter.js';
import type { QueueHold } from '../contracts/order-lifecycle.js';

class FakeSubscriber {
  listener?: OrderEventsListener;
  listen(listener: OrderEventsListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
}

class FiringProducer {
  readonly fired: TriggerFire[] = [];
  private waiters: (() => void)[] = [];

  async triggerAll(fires: readonly TriggerFire[]): Promise<void> {
    this.fired.push(...fires);
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves with the next fires (or fails after a timeout). */
  nextFire(timeoutMs = 2_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing fired')), timeoutMs);
      this.waiters.push(() => resolve(void clearTimeout(timer)));
    });
  }
}

const limit = (limitPrice: string, expiresAt: string | null = null): OrderTerms => ({ limitPrice, maxPrice: null, expiresAt });

describe('OrderTriggers', () => {
  let h: Harness;
  let subscriber: FakeSubscriber;
  let producer: FiringProducer;
  let triggers: OrderTriggers;
  let hold: QueueHold | undefined;
  const limiter = { holdForNewJob: () => hold };

  beforeEach(() => {
    h = harness(150);
    subscriber = new FakeSubscriber();
    producer = new FiringProducer();
    hold = undefined;
    triggers = new OrderTriggers(
      h.store,
      subscriber as unknown as OrderEventsSubscriber,
      producer as unknown as OrderExecutionProducer,
      h.lifecycle,
      h.router,
      h.types,
      h.tokens,
      testConfig(),
      h.metrics,
      limiter as unknown as QueueLimiter,
    );
  });

  afterEach(() => triggers.onModuleDestroy());

  /** A limit order selling 1 SOL for USDC, resting; returns its `waiting` event. */
  async function resting(terms: OrderTerms): Promise<OrderLifecycleEvent> {
    const [sol, usdc] = [toTokenView(h.tokens.resolve('SOL')!), toTokenView(h.tokens.resolve('USDC')!)];
    const id = randomUUID();
    await h.store.insert(
      {
        id,
        type: 'limit',
        side: 'sell',
        input: sol,
        output: usdc,
        amountIn: 1_000_000_000n,
        slippageBps: 50,
        terms,
        createdAt: new Date(),
        owner: null,
        clientOrderId: null,
        requestHash: null,
      },
      { type: 'limit', side: 'sell', inputToken: sol, outputToken: usdc, amountIn: '1000000000', slippageBps: 50, ...terms },
    );
    const [waiting] = await h.lifecycle.record(id, {
      status: 'waiting',
      attempt: 1,
      details: { reason: 'below the limit', ...terms, bestPrice: 150, gapBps: null },
    });
    return waiting;
  }

  it('indexes the resting orders at boot and fires those the market reaches, for the state it saw', async () => {
    const reached = await resting(limit('140'));
    await resting(limit('200'));
    await triggers.onApplicationBootstrap();
    expect(producer.fired).toEqual([{ orderId: reached.orderId, atSeq: reached.seq, refire: 0, trade: expect.objectContaining({ type: 'limit' }) }]);
  });

  it('fires a state once, and an order the market reaches later when it does', async () => {
    const far = await resting(limit('160'));
    await triggers.onApplicationBootstrap();
    expect(producer.fired).toEqual([]);
    const fired = producer.nextFire();
    h.venues[0].move(170); // a pool change starts a pass at once
    await fired;
    expect(producer.fired.map((f) => f.orderId)).toEqual([far.orderId]);
    await triggers.tick();
    expect(producer.fired).toHaveLength(1);
  });

  it('learns new resting orders from the event stream, and forgets an order that moved on', async () => {
    await triggers.onApplicationBootstrap();
    const fresh = await resting(limit('140'));
    subscriber.listener!.onOrderEvent(fresh);
    await triggers.tick();
    expect(producer.fired.map((f) => f.orderId)).toEqual([fresh.orderId]);

    const gone = await resting(limit('160'));
    subscriber.listener!.onOrderEvent(gone);
    await triggers.tick();
    subscriber.listener!.onOrderEvent({ ...gone, seq: gone.seq + 1, status: 'cancelled' } as OrderLifecycleEvent);
    h.venues[0].move(170);
    await triggers.tick();
    expect(producer.fired.map((f) => f.orderId)).toEqual([fresh.orderId]);
  });

  it('an order fired into a held rate limit says so in a new waiting event, and is fired for that state', async () => {
    const reached = await resting(limit('140'));
    hold = { reason: 'QUEUE_RATE_LIMIT', message: 'at most 100 orders start per 60 s', expectedStartAt: '2030-01-01T00:00:30.000Z', jobsAhead: 12 };
    await triggers.onApplicationBootstrap();
    const events = await h.store.events(reached.orderId);
    expect(events.at(-1)).toMatchObject({ status: 'waiting', seq: reached.seq + 1, queued: hold, reason: expect.stringContaining('rate limit') });
    expect(producer.fired).toEqual([expect.objectContaining({ orderId: reached.orderId, atSeq: reached.seq + 1 })]);
  });

  it('ends orders past their expiry that never started executing', async () => {
    const lapsed = await resting(limit('200', new Date(Date.now() - 1_000).toISOString()));
    await triggers.onApplicationBootstrap();
    expect(await h.store.find(lapsed.orderId)).toMatchObject({ status: 'expired' });
    expect(h.publisher.published.at(-1)).toMatchObject({ orderId: lapsed.orderId, status: 'expired' });
  });
});
