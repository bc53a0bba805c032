import type { OrderLifecycleEvent } from '../src/contracts/order-lifecycle.js';
import { outputAtPrice, parsePrice } from '../src/order-types/order-price.js';
import { getJson, postJson, request } from './support/http.js';
import { FixedClock, useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

// A seeded market on a fixed clock: prices move only when a swap lands, so a test moves them with market orders.
const clock = new FixedClock(Date.UTC(2026, 0, 1));
const LIMIT = { type: 'limit', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: '2' } as const;

describe('limit orders: rest, fire when the market reaches the limit, expire, cancel', () => {
  const context = useEngine({ SIM_SEED: '42', TRIGGER_INTERVAL_MS: '20' }, { clock });
  const base = () => context.engine.baseUrl;
  let client: TestWsClient;

  beforeAll(async () => {
    client = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`);
    client.send('subscribe', { orderId: '*' });
    await client.waitFor((f) => f.event === 'subscribed');
  });
  afterAll(() => client.close());

  /** The route price for 2 SOL now (USDC per SOL, net of fees and impact). */
  const priceOf2Sol = async () => (await getJson(base(), '/api/quote?inputToken=SOL&outputToken=USDC&amount=2')).body.route.price as number;
  const place = async (body: object) => {
    const response = await postJson(base(), '/api/orders/execute', body);
    expect(response.status).toBe(202);
    return response.body.orderId as string;
  };

  it('rests below its limit, then fills after the market moves up, exactly once and never below the limit', async () => {
    const limitPrice = ((await priceOf2Sol()) * 1.002).toFixed(4);
    const orderId = await place({ ...LIMIT, limitPrice });
    const waiting = (await client.waitForStatus(orderId, 'waiting')) as Extract<OrderLifecycleEvent, { status: 'waiting' }>;
    expect(waiting).toMatchObject({ limitPrice, expiresAt: null, reason: expect.stringContaining('limit') });
    expect(waiting.gapBps).toBeGreaterThan(0);
    expect(waiting.bestPrice).toBeLessThan(Number(limitPrice));

    // Another trader buys SOL on raydium (the venue the order routes to): its SOL price rises past the limit.
    const moved = await postJson(base(), '/api/simulation/swaps', { venue: 'raydium', inputToken: 'USDC', outputToken: 'SOL', amount: '300000' });
    expect(moved).toMatchObject({ status: 200, body: { venue: 'raydium', amountIn: '300000000000' } });
    expect(await priceOf2Sol()).toBeGreaterThan(Number(limitPrice));

    const confirmed = await client.waitForStatus(orderId, 'confirmed');
    const required = outputAtPrice(2_000_000_000n, parsePrice('limitPrice', limitPrice), 9, 6);
    expect(client.statuses(orderId)).toEqual(['pending', 'waiting', 'routing', 'building', 'submitted', 'confirmed']);
    const building = client.events(orderId).find((e) => e.status === 'building') as Extract<OrderLifecycleEvent, { status: 'building' }>;
    expect(BigInt(building.minAmountOut)).toBe(required);
    expect(BigInt((confirmed as Extract<OrderLifecycleEvent, { status: 'confirmed' }>).amountOut)).toBeGreaterThanOrEqual(required);
    const stored = (await getJson(base(), `/api/orders/${orderId}`)).body;
    expect(stored).toMatchObject({ type: 'limit', status: 'confirmed', limitPrice, minAmountOut: `${required}` });
  });

  it('a limit the market already meets executes at once, with the limit as its floor', async () => {
    const limitPrice = ((await priceOf2Sol()) * 0.99).toFixed(4);
    const orderId = await place({ ...LIMIT, limitPrice });
    await client.waitForStatus(orderId, 'confirmed');
    expect(client.statuses(orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
  });

  it('expires when its time passes without a fill', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const orderId = await place({ ...LIMIT, limitPrice: '100000', expiresAt });
    await client.waitForStatus(orderId, 'waiting');
    const expired = await client.waitForStatus(orderId, 'expired', 10_000);
    expect(expired).toMatchObject({ expiresAt });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect((await getJson(base(), `/api/orders/${orderId}`)).body.status).toBe('expired');
  });

  it('cancels over REST: 200 with the cancelled order; then 409 naming its status; 404 for an unknown order', async () => {
    const orderId = await place({ ...LIMIT, limitPrice: '100000' });
    await client.waitForStatus(orderId, 'waiting');
    const cancelled = await request(base(), `/api/orders/${orderId}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ orderId, status: 'cancelled' });
    expect(cancelled.body.events.map((e: OrderLifecycleEvent) => e.status)).toEqual(['pending', 'waiting', 'cancelled']);
    await client.waitForStatus(orderId, 'cancelled');

    const again = await request(base(), `/api/orders/${orderId}`, { method: 'DELETE' });
    expect(again).toMatchObject({ status: 409, body: { code: 'ORDER_NOT_CANCELLABLE', orderStatus: 'cancelled' } });
    const unknown = await request(base(), '/api/orders/00000000-0000-4000-8000-000000000000', { method: 'DELETE' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ORDER_NOT_FOUND' } });
  });

  it('refuses to cancel an order that has executed', async () => {
    const orderId = await place({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.1' });
    await client.waitForStatus(orderId, 'confirmed');
    const refused = await request(base(), `/api/orders/${orderId}`, { method: 'DELETE' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'ORDER_NOT_CANCELLABLE', orderStatus: 'confirmed' } });
  });

  it('cancels over WebSocket: an order.cancelled frame, the cancelled event; a bad id gets an error frame', async () => {
    const orderId = await place({ ...LIMIT, limitPrice: '100000' });
    await client.waitForStatus(orderId, 'waiting');
    client.send('cancel', { orderId });
    await client.waitFor((f) => f.event === 'order.cancelled' && f.data.orderId === orderId);
    await client.waitForStatus(orderId, 'cancelled');
    client.send('cancel', { orderId });
    const refused = await client.nextFrame((f) => f.event === 'error');
    expect(refused.data).toMatchObject({ code: 'ORDER_NOT_CANCELLABLE', event: 'cancel', orderId, orderStatus: 'cancelled' });
    client.send('cancel', { orderId: '*' });
    expect((await client.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'orderId' }] });
  });
});

describe('a limit order placed while no venue answers', () => {
  // Every quote takes longer than the router waits for it: each route fails with ALL_VENUES_FAILED.
  const context = useEngine({ SIM_QUOTE_DELAY_MS: '300', QUOTE_TIMEOUT_MS: '20' });

  it('rests (saying why) instead of failing, as a market order would', async () => {
    const client = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`);
    const place = async (body: object) => (await postJson(context.engine.baseUrl, '/api/orders/execute', body)).body.orderId as string;
    const limit = await place({ ...LIMIT, limitPrice: '150' });
    const market = await place({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '1' });
    client.send('subscribe', { orderId: limit });
    client.send('subscribe', { orderId: market });
    const waiting = (await client.waitForStatus(limit, 'waiting')) as Extract<OrderLifecycleEvent, { status: 'waiting' }>;
    expect(waiting.reason).toMatch(/^No venue returned a quote .*; resting until the venues answer$/);
    expect(waiting.limitPrice).toBe('150');
    expect((await client.waitForTerminal(market)).status).toBe('failed');
    expect(client.statuses(limit)).toEqual(['pending', 'waiting']);
    client.close();
  });
});
