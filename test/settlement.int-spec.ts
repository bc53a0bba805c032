import { OrderExecutionService } from '../src/execution/order-execution.service.js';
import { OrderLifecycle } from '../src/order-store/order-lifecycle.service.js';
import { SimulatedChain } from '../src/simulation/simulated-chain.js';
import { orderStoreOf, storeMarketSell, type TestOrderStore } from './support/database.js';
import { SettlementGate } from './support/settlement-gate.js';
import { useEngine } from './support/test-app.js';

const ATTEMPT = { number: 1, max: 3, backoffMs: 50 };

describe('a swap is settled at most once per order', () => {
  const gate = new SettlementGate();
  const context = useEngine({}, { settlement: gate });
  let orders: TestOrderStore;
  let execution: OrderExecutionService;
  let chain: SimulatedChain;

  beforeAll(() => {
    orders = orderStoreOf(context.engine.app);
    execution = context.engine.app.get(OrderExecutionService, { strict: false });
    chain = context.engine.app.get(SimulatedChain, { strict: false });
  });

  /** An accepted order that is not queued, so only the test drives its execution. */
  const acceptedOrder = () => storeMarketSell(orders, { amountIn: 2_000_000_000n });

  async function waitForStatus(orderId: string, status: string): Promise<any> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const event = (await orders.events(orderId)).find((e) => e.status === status);
      if (event) return event;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${status} for ${orderId}`);
  }

  it('confirms a swap that landed before the engine could record it, without sending another', async () => {
    const orderId = await acceptedOrder();
    const txHash = 'x'.repeat(87);
    await context.engine.app.get(OrderLifecycle, { strict: false }).record(orderId, { status: 'submitted', attempt: 1, details: { txHash, venue: 'meteora' } });
    await chain.decide(txHash, {
      status: 'landed',
      legs: [{ venue: 'meteora', amountIn: '2000000000', amountOut: '301234567', feeAmount: '2000000' }],
      amountIn: '2000000000',
      amountOut: '301234567',
      executedPrice: 150.6172835,
      landedAt: new Date().toISOString(),
    });

    await expect(execution.run(orderId, ATTEMPT)).resolves.toEqual({ status: 'confirmed', txHash });

    const events = await orders.events(orderId);
    expect(events.map((e) => e.status)).toEqual(['pending', 'submitted', 'confirmed']);
    expect(events[2]).toMatchObject({ txHash, venue: 'meteora', amountOut: '301234567' });
    await expect(execution.run(orderId, ATTEMPT)).resolves.toEqual({ status: 'skipped' });
  });

  it('fences off a stalled run: the run that took over expires its swap and settles once', async () => {
    const orderId = await acceptedOrder();
    gate.close();
    const stalled = execution.run(orderId, ATTEMPT);
    const [stalledSwap] = await gate.holding(1); // the first run's swap is in flight…
    const firstSubmit = await waitForStatus(orderId, 'submitted');

    const takeover = execution.run(orderId, ATTEMPT); // …when a second run takes the order over
    const [, takeoverSwap] = await gate.holding(2);
    gate.release(takeoverSwap);
    expect(await takeover).toMatchObject({ status: 'confirmed' });
    gate.open(); // the stalled run's swap reaches the network only now: too late, it was expired
    await expect(stalled).resolves.toEqual({ status: 'superseded' });
    expect(stalledSwap).toBe(firstSubmit.txHash);

    const events = await orders.events(orderId);
    expect(events.map((e) => e.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'routing', 'building', 'submitted', 'confirmed']);
    const confirmed = events[events.length - 1] as any;
    expect(confirmed.txHash).not.toBe(firstSubmit.txHash);
    expect(await chain.lookup(firstSubmit.txHash)).toEqual({ status: 'expired' });
    expect(await chain.lookup(confirmed.txHash)).toMatchObject({ status: 'landed' });
  });

  it('does nothing for an order that is already terminal', async () => {
    const orderId = await acceptedOrder();
    await expect(execution.run(orderId, ATTEMPT)).resolves.toMatchObject({ status: 'confirmed' });
    const before = await orders.events(orderId);
    await expect(execution.run(orderId, ATTEMPT)).resolves.toEqual({ status: 'skipped' });
    expect(await orders.events(orderId)).toEqual(before);
  });
});
