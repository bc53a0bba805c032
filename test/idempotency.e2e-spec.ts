import { getJson, request } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const ORDER = { type: 'market', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: '0.25', slippageBps: 100 };
const submit = (baseUrl: string, body: object, idempotencyKey?: string) =>
  request(baseUrl, '/api/orders/execute', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });

describe('idempotent submits: Idempotency-Key and clientOrderId', () => {
  const context = useEngine({ SIM_SETTLE_DELAY_MS: '300' });
  const base = () => context.engine.baseUrl;
  const ordersWithKey = async (key: string) =>
    context.engine.sql.query<{ id: string; status: string }>('SELECT id, status FROM orders WHERE client_order_id = $1', [key]);

  it('50 concurrent submits with one key place one order, which settles once; all 50 get its id', async () => {
    const key = `bot-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => submit(base(), ORDER, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = new Set(answers.map((a) => a.body.orderId));
    expect(ids.size).toBe(1);
    const [orderId] = ids;
    expect(answers.filter((a) => a.body.message === 'Order received')).toHaveLength(1);
    expect(await ordersWithKey(key)).toEqual([{ id: orderId, status: expect.any(String) }]);

    const client = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws/${orderId}`);
    await client.waitForStatus(orderId, 'confirmed');
    client.close();
    const order = (await getJson(base(), `/api/orders/${orderId}`)).body;
    expect(order.events.map((e: { status: string }) => e.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);

    // Later repeats answer the same order, now confirmed; a number or a string amount is the same request.
    const later = await submit(base(), { ...ORDER, amount: 0.25 }, key);
    expect(later).toMatchObject({ status: 202, body: { orderId, status: 'confirmed', message: 'Order already received (same client order id)' } });
  });

  it('refuses the same key with a different request: 422 IDEMPOTENCY_KEY_REUSED, nothing placed', async () => {
    const key = `reuse-${Date.now()}`;
    const first = await submit(base(), ORDER, key);
    const different = await submit(base(), { ...ORDER, amount: '0.5' }, key);
    expect(different).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(different.body.message).toContain(first.body.orderId);
    expect(await ordersWithKey(key)).toHaveLength(1);
  });

  it('takes clientOrderId in the body, also on the WebSocket execute frame, and refuses a body id that contradicts the header', async () => {
    const clientOrderId = `ws-${Date.now()}`;
    const viaRest = await submit(base(), { ...ORDER, clientOrderId });
    const client = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`);
    client.send('execute', { ...ORDER, clientOrderId });
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    expect((accepted.data as { orderId: string }).orderId).toBe(viaRest.body.orderId);
    client.close();

    expect(await submit(base(), { ...ORDER, clientOrderId: 'a' }, 'b')).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'clientOrderId', rule: 'equalsIdempotencyKey' }] },
    });
    expect(await submit(base(), ORDER, 'has spaces')).toMatchObject({ status: 400, body: { errors: [{ field: 'Idempotency-Key' }] } });
    expect(await submit(base(), { ...ORDER, clientOrderId: 'x'.repeat(256) })).toMatchObject({ status: 400, body: { errors: [{ field: 'clientOrderId' }] } });
    // Without a key, two equal submits are two orders.
    const [a, b] = await Promise.all([submit(base(), ORDER), submit(base(), ORDER)]);
    expect(a.body.orderId).not.toBe(b.body.orderId);
  });
});
