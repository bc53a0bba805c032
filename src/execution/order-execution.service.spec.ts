import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MARKET_TERMS, type OrderTerms, type OrderType } from '../contracts/order-lifecycle.js';
import { DomainError } from '../common/errors/domain.error.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { toTokenView } from '../tokens/token-registry.js';
import { harness, type Harness } from '../../test/support/execution-harness.js';
import { AttemptFailedError, OrderFailedError } from './execution.errors.js';
import { OrderExecutionService } from './order-execution.service.js';

const ATTEMPT = { number: 1, max: 3, backoffMs: 100 };
const LAST_ATTEMPT = { number: 3, max: 3, backoffMs: 100 };

class VenueOutage extends DomainError {
  readonly code = 'VENUE_OUTAGE';
  override readonly retryable = true;
}

class RefusedByNetwork extends DomainError {
  readonly code = 'REFUSED';
}

describe('OrderExecutionService', () => {
  let h: Harness;
  let execution: OrderExecutionService;

  beforeEach(() => {
    h = harness(150);
    execution = new OrderExecutionService(h.lifecycle, h.router, h.executor as never, h.tokens, h.types, h.metrics);
  });

  afterEach(() => h.publishedEventsAreStored());

  /** A stored order selling 1 SOL for USDC, and the job trade it was queued with. */
  async function accepted(type: OrderType = 'market', terms: OrderTerms = MARKET_TERMS, owner: string | null = null) {
    const [sol, usdc] = [toTokenView(h.tokens.resolve('SOL')!), toTokenView(h.tokens.resolve('USDC')!)];
    const order = {
      id: randomUUID(),
      type,
      side: 'sell' as const,
      input: sol,
      output: usdc,
      amountIn: 1_000_000_000n,
      slippageBps: 50,
      terms,
      createdAt: new Date(),
      owner,
      clientOrderId: null,
      requestHash: null,
    };
    await h.store.insert(order, { type, side: 'sell', inputToken: sol, outputToken: usdc, amountIn: '1000000000', slippageBps: 50 });
    return { id: order.id, trade: toJobTrade(order) };
  }

  const missedFreshStarts = async (reason: string) => (await h.metrics.freshStartsMissed.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

  const statuses = async (orderId: string) => (await h.store.events(orderId)).map((e) => e.status);

  it('routes, builds, sends and confirms a fresh order, each step stored and published', async () => {
    const { id, trade } = await accepted();
    await expect(execution.run(id, ATTEMPT, trade)).resolves.toEqual({ status: 'confirmed', txHash: 'sig-1' });
    expect(await statuses(id)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(await h.store.find(id)).toMatchObject({ status: 'confirmed', txHash: 'sig-1', venue: 'raydium', amountOut: h.executor.built[0].expectedAmountOut });
    expect(h.publisher.published.map((e) => e.status)).toEqual(['routing', 'building', 'submitted', 'confirmed']);
  });

  it('on a network, the submitted and confirmed events carry what the network was told and what it recorded', async () => {
    const submitted = {
      genesisHash: 'G',
      slot: '10',
      lastValidBlockHeight: '160',
      computeUnitLimit: 60_000,
      priorityFeeMicroLamports: '1000',
      maxFeeLamports: '5060',
    };
    const confirmed = { slot: '12', blockTime: null, feeLamports: '5060', computeUnitsConsumed: '41000', commitment: 'confirmed' as const, sends: 2 };
    h.executor.network = { submitted, confirmed };
    const { id, trade } = await accepted();
    await execution.run(id, ATTEMPT, trade);
    const events = await h.store.events(id);
    expect(events.find((e) => e.status === 'submitted')).toMatchObject({ network: submitted });
    expect(events.find((e) => e.status === 'confirmed')).toMatchObject({ network: confirmed });
  });

  it('confirms the swap an earlier run sent when it landed, without building another; a later run skips', async () => {
    const { id } = await accepted();
    const first = await execution.run(id, ATTEMPT, undefined);
    expect(first).toEqual({ status: 'confirmed', txHash: 'sig-1' });
    const { id: other, trade } = await accepted();
    // An earlier run sent sig-9 and died before recording the outcome; it landed.
    await h.lifecycle.record(other, { status: 'submitted', attempt: 1, details: { txHash: 'sig-9', venue: 'raydium' } });
    h.executor.landed.set('sig-9', { ...h.executor.landed.get('sig-1')!, signature: 'sig-9' });
    await expect(execution.run(other, { ...ATTEMPT, number: 2 }, trade)).resolves.toEqual({ status: 'confirmed', txHash: 'sig-9' });
    expect(h.executor.submitted).toEqual(['sig-1']);
    await expect(execution.run(other, { ...ATTEMPT, number: 3 }, trade)).resolves.toEqual({ status: 'skipped' });
    expect(await missedFreshStarts('refused')).toBe(2);
    // The two runs built a swap afresh before the store refused them the order: both were let go unsent.
    expect(h.executor.abandoned).toEqual(['sig-2', 'sig-3']);
  });

  it("builds the swap for the order and its owner's wallet, on the fresh path and on the claiming path alike", async () => {
    const fresh = await accepted('market', MARKET_TERMS, 'alice');
    await execution.run(fresh.id, ATTEMPT, fresh.trade);
    const claimed = await accepted('market', MARKET_TERMS, 'bob');
    await execution.run(claimed.id, ATTEMPT, undefined);
    expect(h.executor.builtFor).toEqual([
      { orderId: fresh.id, owner: 'alice' },
      { orderId: claimed.id, owner: 'bob' },
    ]);
  });

  it('a job queued before jobs named the owner is not started afresh: the order is claimed first, its owner read from the store', async () => {
    const { id, trade } = await accepted('market', MARKET_TERMS, 'alice');
    const { owner: _owner, ...withoutOwner } = trade;
    await expect(execution.run(id, ATTEMPT, withoutOwner)).resolves.toMatchObject({ status: 'confirmed' });
    expect(h.executor.builtFor).toEqual([{ orderId: id, owner: 'alice' }]);
    expect((await missedFreshStarts('refused')) + (await missedFreshStarts('routing-failed'))).toBe(0);
    // Claimed before routing: its events show no fresh start (routing, building and submitted stored after the claim).
    expect(await statuses(id)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
  });

  it('a fresh build that fails (the wallet cannot pay) is met again on the claiming path, where the failure is recorded', async () => {
    const { id, trade } = await accepted();
    h.executor.failBuilds(new RefusedByNetwork('the wallet holds 0 base units of SOL'), new RefusedByNetwork('the wallet holds 0 base units of SOL'));
    await expect(execution.run(id, ATTEMPT, trade)).rejects.toBeInstanceOf(OrderFailedError);
    expect(await h.store.find(id)).toMatchObject({ status: 'failed', failure: { code: 'REFUSED', message: 'the wallet holds 0 base units of SOL' } });
    expect(await missedFreshStarts('build-failed')).toBe(1);
    expect(h.executor.submitted).toEqual([]);
  });

  it('a swap built on the claiming path by a run that lost the order before storing it is let go unsent', async () => {
    const { id } = await accepted();
    const record = h.lifecycle.record.bind(h.lifecycle);
    // The routing, building and submitted steps find the order taken by another run.
    jest
      .spyOn(h.lifecycle, 'record')
      .mockImplementation(async (orderId, changes, options) => (Array.isArray(changes) && changes.length === 3 ? [] : record(orderId, changes, options)));
    await expect(execution.run(id, ATTEMPT, undefined)).resolves.toEqual({ status: 'superseded' });
    expect(h.executor.abandoned).toEqual(['sig-1']);
    expect(h.executor.submitted).toEqual([]);
  });

  it('a stalled run that lost the order to another run stops without a word; the other settles once', async () => {
    const { id, trade } = await accepted();
    let release!: () => void;
    h.executor.then(new Promise<void>((resolve) => (release = resolve)));
    const stalled = execution.run(id, ATTEMPT, trade);
    await until(() => h.executor.submitted.length === 1);
    // BullMQ hands the stalled job to another worker: its run claims the order and reconciles the swap in flight.
    const takeover = await execution.run(id, ATTEMPT, trade);
    expect(takeover).toMatchObject({ status: 'confirmed' });
    release();
    await expect(stalled).resolves.toEqual({ status: 'superseded' });
    expect([...h.executor.landed.keys()]).toEqual([(takeover as { txHash: string }).txHash]);
    expect((await statuses(id)).filter((s) => s === 'confirmed')).toHaveLength(1);
  });

  it('a transient failure with attempts left is stored as retrying with the next attempt time, and the queue told to retry', async () => {
    const { id, trade } = await accepted();
    h.executor.then(new VenueOutage('the venue is down'));
    const before = Date.now();
    await expect(execution.run(id, ATTEMPT, trade)).rejects.toBeInstanceOf(AttemptFailedError);
    const [retrying] = (await h.store.events(id)).filter((e) => e.status === 'retrying');
    expect(retrying).toMatchObject({ error: { code: 'VENUE_OUTAGE' }, attemptsLeft: 2 });
    expect(Date.parse((retrying as { nextAttemptAt: string }).nextAttemptAt)).toBeGreaterThanOrEqual(before + 100);
  });

  it('the last attempt, or an error that retrying cannot mend, fails the order for good', async () => {
    const { id, trade } = await accepted();
    h.executor.then(new VenueOutage('still down'));
    await expect(execution.run(id, LAST_ATTEMPT, trade)).rejects.toBeInstanceOf(OrderFailedError);
    expect(await h.store.find(id)).toMatchObject({ status: 'failed', failure: { code: 'VENUE_OUTAGE' } });
    const { id: refused, trade: refusedTrade } = await accepted();
    h.executor.then(new RefusedByNetwork('refused'));
    await expect(execution.run(refused, ATTEMPT, refusedTrade)).rejects.toBeInstanceOf(OrderFailedError);
    expect((await h.store.find(refused))?.status).toBe('failed');
  });

  it('a limit order below its limit rests, and one that missed the market on landing rests again', async () => {
    const high = await accepted('limit', { limitPrice: '200', maxPrice: null, expiresAt: null });
    await expect(execution.run(high.id, ATTEMPT, high.trade)).resolves.toEqual({ status: 'waiting' });
    expect(await statuses(high.id)).toEqual(['pending', 'waiting']);
    expect(h.executor.built).toHaveLength(0);

    const near = await accepted('limit', { limitPrice: '149', maxPrice: null, expiresAt: null });
    h.executor.then(new Promise<void>((resolve) => resolve()));
    const submit = h.executor.submit.bind(h.executor);
    h.executor.submit = async (tx) => {
      await submit(tx).catch(() => undefined);
      return h.executor.land(tx, tx.minAmountOut - 1n); // the market moved under the swap
    };
    await expect(execution.run(near.id, ATTEMPT, near.trade)).resolves.toEqual({ status: 'waiting' });
    expect(await statuses(near.id)).toEqual(['pending', 'routing', 'building', 'submitted', 'waiting']);
    expect((await h.store.find(near.id))?.txHash).toBeNull();
  });

  it('with no venue answering, the fresh start is counted and the claiming path records the failure', async () => {
    const { id, trade } = await accepted();
    h.venues.forEach((venue) => (venue.failing = true));
    await expect(execution.run(id, ATTEMPT, trade)).rejects.toBeInstanceOf(AttemptFailedError);
    expect(await statuses(id)).toEqual(['pending', 'retrying']);
    expect(await missedFreshStarts('routing-failed')).toBe(1);
  });

  it("a trigger's run goes ahead only for the state the trigger saw", async () => {
    const { id, trade } = await accepted('limit', { limitPrice: '140', maxPrice: null, expiresAt: null });
    const [rested] = await h.lifecycle.record(id, {
      status: 'waiting',
      attempt: 1,
      details: { reason: 'test', limitPrice: '140', maxPrice: null, bestPrice: null, gapBps: null, expiresAt: null },
    });
    await expect(execution.run(id, ATTEMPT, trade, { atSeq: rested.seq - 1 })).resolves.toEqual({ status: 'skipped' });
    expect(h.executor.submitted).toHaveLength(0);
    expect(await statuses(id)).toEqual(['pending', 'waiting']);
    await expect(execution.run(id, ATTEMPT, trade, { atSeq: rested.seq })).resolves.toMatchObject({ status: 'confirmed' });
  });

  it('an order past its expiry ends expired instead of executing', async () => {
    const expiresAt = new Date(Date.now() - 1_000).toISOString();
    const { id, trade } = await accepted('limit', { limitPrice: '140', maxPrice: null, expiresAt });
    await expect(execution.run(id, ATTEMPT, trade)).resolves.toEqual({ status: 'ended' });
    expect(await h.store.find(id)).toMatchObject({ status: 'expired' });
    expect(h.executor.built).toHaveLength(0);
  });

  it('a job for an order already terminal does nothing', async () => {
    const { id, trade } = await accepted();
    await h.lifecycle.record(id, { status: 'cancelled', attempt: 0, details: { reason: 'test' } });
    await expect(execution.run(id, ATTEMPT, trade)).resolves.toEqual({ status: 'skipped' });
    expect(h.executor.submitted).toHaveLength(0);
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
