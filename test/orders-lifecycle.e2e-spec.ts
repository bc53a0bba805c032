import { Redis } from 'ioredis';
import { eventsOfMessage, orderEventsChannel } from '../src/events/order-events.publisher.js';
import { OrderQueries } from '../src/order-store/order-queries.port.js';
import { RedisConnections } from '../src/redis/redis-connections.js';
import type { OrderLifecycleEvent } from '../src/contracts/order-lifecycle.js';
import { deleteJson, getJson, postJson, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const FULL_LIFECYCLE = ['pending', 'routing', 'building', 'submitted', 'confirmed'];

describe('order lifecycle over HTTP and WebSocket (real Redis, real database)', () => {
  const context = useEngine({ SIM_SETTLE_DELAY_MS: '100-200' });

  it('accepts the seed README body as written and answers 202 with an absolute wsUrl on the request host', async () => {
    const response = await postJson(context.engine.baseUrl, '/api/orders/execute', {
      type: 'MARKET',
      side: 'buy',
      inputToken: 'SOL',
      outputToken: 'USDC',
      amount: 10,
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      message: 'Order received',
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'pending',
      wsUrl: `${context.engine.wsBaseUrl}/api/orders/ws/${response.body.orderId}`,
    });
    const client = await TestWsClient.connect(response.body.wsUrl);
    await client.waitForTerminal(response.body.orderId);
    expect(await client.waitForClose()).toBe(1000);
  });

  it('streams the full lifecycle of 5 concurrent orders, each step with what it knows', async () => {
    const accepted = await Promise.all(
      Array.from({ length: 5 }, (_, i) => postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, amount: `${i + 1}.25` })),
    );
    const clients = await Promise.all(accepted.map((r) => TestWsClient.connect(r.body.wsUrl)));
    await Promise.all(clients.map((c) => c.waitForClose(20_000).then((code) => expect(code).toBe(1000))));

    clients.forEach((client, i) => {
      const orderId = accepted[i].body.orderId;
      expect(client.statuses(orderId)).toEqual(FULL_LIFECYCLE);
      const events = client.events(orderId);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      const [pending, routing, building, submitted, confirmed] = events as any[];
      expect(pending.amountIn).toBe(`${i + 1}250000000`);
      expect(routing.quotes).toHaveLength(2);
      expect(routing.quotes.map((q: any) => q.venue).sort()).toEqual(['meteora', 'raydium']);
      for (const quote of routing.quotes) {
        expect(quote).toMatchObject({ ok: true, amountOut: expect.stringMatching(/^\d+$/), feeBps: expect.any(Number), latencyMs: expect.any(Number) });
      }
      const best = routing.quotes.reduce((a: any, b: any) => (BigInt(a.amountOut) >= BigInt(b.amountOut) ? a : b));
      expect(routing.route.venue).toBe(best.venue);
      expect(routing.route.reason).toContain(best.venue);
      expect(building).toMatchObject({ venue: best.venue, steps: ['wrapSol', 'swap'], slippageBps: 50 });
      expect(BigInt(building.minAmountOut)).toBeLessThan(BigInt(building.expectedAmountOut));
      expect(submitted.txHash).toMatch(/^[1-9A-HJ-NP-Za-km-z]{86,88}$/);
      expect(confirmed).toMatchObject({ txHash: submitted.txHash, venue: best.venue, amountIn: `${i + 1}250000000` });
      expect(BigInt(confirmed.amountOut)).toBeGreaterThanOrEqual(BigInt(building.minAmountOut));
      expect(confirmed.executedPrice).toBeGreaterThan(100);
    });
  });

  it('replays every step to a subscriber who connects after the order is confirmed, then closes with 1000', async () => {
    const { body } = await postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC);
    const first = await TestWsClient.connect(body.wsUrl);
    await first.waitForTerminal(body.orderId);

    const late = await TestWsClient.connect(body.wsUrl);
    expect(await late.waitForClose()).toBe(1000);
    expect(late.statuses(body.orderId)).toEqual(FULL_LIFECYCLE);
    expect(late.events(body.orderId)).toEqual(first.events(body.orderId));
  });

  it('stores the order with quotes, route, amounts, tx hash and its events in order', async () => {
    const { body } = await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, inputToken: 'USDC', outputToken: 'SOL', amount: '250.5' });
    const client = await TestWsClient.connect(body.wsUrl);
    const confirmed: any = await client.waitForTerminal(body.orderId);

    const { status, body: order } = await getJson(context.engine.baseUrl, `/api/orders/${body.orderId}`);
    expect(status).toBe(200);
    expect(order).toMatchObject({
      orderId: body.orderId,
      status: 'confirmed',
      inputToken: { symbol: 'USDC', decimals: 6 },
      outputToken: { symbol: 'SOL', decimals: 9 },
      amountIn: '250500000',
      venue: confirmed.venue,
      txHash: confirmed.txHash,
      amountOut: confirmed.amountOut,
      executedPrice: confirmed.executedPrice,
      failure: null,
      attempts: 1,
    });
    expect(order.quotes).toHaveLength(2);
    expect(order.route.venue).toBe(confirmed.venue);
    expect(order.events.map((e: any) => e.status)).toEqual(FULL_LIFECYCLE);
    expect(order.events.find((e: any) => e.status === 'building').steps).toEqual(['swap', 'unwrapSol']);
  });

  it('lists history newest first with a cursor, filtered by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC)).body.orderId);
    const firstPage = await getJson(context.engine.baseUrl, '/api/orders?limit=2');
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.orders.map((o: any) => o.orderId)).toEqual([ids[2], ids[1]]);
    const secondPage = await getJson(context.engine.baseUrl, `/api/orders?limit=2&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.orders[0].orderId).toBe(ids[0]);

    await Promise.all(ids.map(async (id) => (await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws/${id}`)).waitForClose()));
    const confirmed = await getJson(context.engine.baseUrl, '/api/orders?status=confirmed&limit=100');
    expect(confirmed.body.orders.every((o: any) => o.status === 'confirmed')).toBe(true);
    expect(confirmed.body.orders.map((o: any) => o.orderId)).toEqual(expect.arrayContaining(ids));
    const none = await getJson(context.engine.baseUrl, '/api/orders?status=failed');
    expect(none.body).toEqual({ orders: [], nextCursor: null });
  });

  it('publishes only what it stored: every event on the Redis channel is in the store, as stored', async () => {
    const listener = new Redis(context.redis.url);
    const published: OrderLifecycleEvent[] = [];
    const terminal = new Set<string>();
    let bothEnded!: () => void;
    const ended = new Promise<void>((resolve) => (bothEnded = resolve));
    await listener.subscribe(orderEventsChannel(context.engine.app.get(RedisConnections)));
    listener.on('message', (_channel, message: string) => {
      for (const event of eventsOfMessage(message)) {
        published.push(event);
        if (event.status === 'confirmed' || event.status === 'cancelled') terminal.add(event.orderId);
      }
      if (terminal.size === 2) bothEnded();
    });
    try {
      const market = await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, amount: '1.5' }, { 'idempotency-key': 'one-writer-1' });
      await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, amount: '1.5' }, { 'idempotency-key': 'one-writer-1' });
      const limit = await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, type: 'limit', limitPrice: '100000', amount: '1' });
      const client = await TestWsClient.connect(limit.body.wsUrl);
      await client.waitForStatus(limit.body.orderId, 'waiting');
      await deleteJson(context.engine.baseUrl, `/api/orders/${limit.body.orderId}`);
      await client.waitForClose();
      await (await TestWsClient.connect(market.body.wsUrl)).waitForClose();
      await ended; // the channel's copy may come after the sockets' (own events reach them directly)
      const orders = context.engine.app.get(OrderQueries, { strict: false });
      const ids = [market.body.orderId, limit.body.orderId];
      const ours = published.filter((event) => ids.includes(event.orderId));
      expect(ours.map((e) => e.status).sort()).toEqual([...FULL_LIFECYCLE, 'pending', 'waiting', 'cancelled'].sort());
      for (const event of ours) expect((await orders.events(event.orderId)).find((e) => e.seq === event.seq)).toEqual(event);
    } finally {
      listener.disconnect();
    }
  });
});
