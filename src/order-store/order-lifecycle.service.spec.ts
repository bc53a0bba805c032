import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MARKET_TERMS } from '../contracts/order-lifecycle.js';
import { harness, type Harness } from '../../test/support/execution-harness.js';
import type { NewOrder } from './order-record.js';

const SOL = { symbol: 'SOL', mint: 'So11111111111111111111111111111111111111112', decimals: 9 };
const USDC = { symbol: 'USDC', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6 };
const PENDING = { type: 'market', side: 'sell', inputToken: SOL, outputToken: USDC, amountIn: '1', slippageBps: 50 } as const;

const newOrder = (clientOrderId: string | null = null): NewOrder => ({
  id: randomUUID(),
  type: 'market',
  side: 'sell',
  input: SOL,
  output: USDC,
  amountIn: 1n,
  slippageBps: 50,
  terms: MARKET_TERMS,
  createdAt: new Date(),
  owner: 'alice',
  clientOrderId,
  requestHash: null,
});

/** The one writer: nothing is published that the store does not hold. */
describe('OrderLifecycle', () => {
  let h: Harness;

  beforeEach(() => (h = harness()));

  afterEach(() => h.publishedEventsAreStored());

  it('publishes a placed order only once it is stored and queued', async () => {
    const order = newOrder();
    const published: number[] = [];
    const pending = await h.lifecycle.place(order, PENDING, async () => void published.push(h.publisher.published.length));
    expect(published).toEqual([0]); // nothing out while it is queued
    expect(h.publisher.published).toEqual([pending]);
  });

  it('publishes nothing for an order it could not queue, and removes it', async () => {
    const order = newOrder();
    await expect(h.lifecycle.place(order, PENDING, () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
    expect(await h.store.find(order.id)).toBeUndefined();
    expect(h.publisher.published).toEqual([]);
  });

  it('publishes nothing for a repeated client order id', async () => {
    await h.lifecycle.place(newOrder('k'), PENDING, async () => undefined);
    const enqueue = jest.fn(async () => undefined);
    await expect(h.lifecycle.place(newOrder('k'), PENDING, enqueue)).resolves.toBeUndefined();
    expect(enqueue).not.toHaveBeenCalled();
    expect(h.publisher.published).toHaveLength(1);
  });

  it('publishes the changes the store took, and nothing for those it refused', async () => {
    const order = newOrder();
    await h.lifecycle.place(order, PENDING, async () => undefined);
    const [cancelled] = await h.lifecycle.record(order.id, { status: 'cancelled', attempt: 0, details: { reason: 'test' } });
    const refused = await h.lifecycle.record(order.id, { status: 'submitted', attempt: 1, details: { txHash: 'late', venue: 'raydium' } });
    expect(refused).toEqual([]);
    expect(h.publisher.published.map((e) => e.status)).toEqual(['pending', 'cancelled']);
    expect(h.publisher.published[1]).toEqual(cancelled);
  });
});
