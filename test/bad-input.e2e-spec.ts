import { getJson, postJson, request, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';

describe('bad input never reaches the queue', () => {
  const context = useEngine();

  const orderCount = async () => (await getJson(context.engine.baseUrl, '/api/orders?limit=100')).body.orders.length;

  it.each([
    ['unknown input token', { inputToken: 'DOGE' }, 'inputToken', 'isKnownToken'],
    ['unknown output mint', { outputToken: 'So11111111111111111111111111111111111111113' }, 'outputToken', 'isKnownToken'],
    ['the same token on both sides', { outputToken: 'So11111111111111111111111111111111111111112' }, 'outputToken', 'differsFromInputToken'],
    ['a zero amount', { amount: 0 }, 'amount', 'isPositive'],
    ['a negative amount', { amount: '-3' }, 'amount', 'isPositive'],
    ['an amount that is not a number', { amount: 'ten' }, 'amount', 'isNumeric'],
    ['an amount of the wrong type', { amount: true }, 'amount', 'isNumberOrString'],
    ['more decimals than the token has', { inputToken: 'USDC', outputToken: 'SOL', amount: '1.0000001' }, 'amount', 'maxDecimals'],
    ['an absurdly large amount', { amount: '1e30' }, 'amount', 'max'],
    ['an unknown order type', { type: 'twap' }, 'type', 'isIn'],
    ['a missing type', { type: undefined }, 'type', 'isDefined'],
    ['an unknown side', { side: 'short' }, 'side', 'isIn'],
    ['a slippage above 50%', { slippageBps: 9000 }, 'slippageBps', 'max'],
    ['a fractional slippage', { slippageBps: 1.5 }, 'slippageBps', 'isInt'],
    ['an extra field', { leverage: 100 }, 'leverage', 'isNotAllowed'],
  ])('answers 400 naming the field and rule for %s', async (_case, change, field, rule) => {
    const before = await orderCount();
    const response = await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, ...change });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    expect(await orderCount()).toBe(before);
  });

  it('names every bad field at once', async () => {
    const response = await postJson(context.engine.baseUrl, '/api/orders/execute', { type: 'twap', inputToken: 'XYZ', amount: 'abc' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'inputToken', 'outputToken', 'type']);
  });

  it('accepts mints, decimal strings and numbers with exact base units', async () => {
    const response = await postJson(context.engine.baseUrl, '/api/orders/execute', {
      type: 'market',
      inputToken: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
      outputToken: 'sol',
      amount: '0.000001',
      slippageBps: 0,
    });
    expect(response.status).toBe(202);
    const order = await getJson(context.engine.baseUrl, `/api/orders/${response.body.orderId}`);
    expect(order.body).toMatchObject({ amountIn: '1', slippageBps: 0, side: null, inputToken: { symbol: 'USDC' }, outputToken: { symbol: 'SOL' } });
  });

  it('answers 400 to malformed JSON and to a body that is not an object', async () => {
    const malformed = await postJson(context.engine.baseUrl, '/api/orders/execute', '{"type": "market",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    const array = await postJson(context.engine.baseUrl, '/api/orders/execute', '[1, 2]');
    expect(array.status).toBe(400);
    expect(array.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'isObject' })]);
  });

  it('answers 413 to an oversized body', async () => {
    const response = await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, padding: 'x'.repeat(64 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers 415 naming application/json to a body of any other type, a JSON body sent as text and a plain `curl -d` included', async () => {
    const body = JSON.stringify(SOL_USDC);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await request(context.engine.baseUrl, '/api/orders/execute', { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `Content-Type must be application/json (got ${contentType})` });
    }
    const none = await fetch(`${context.engine.baseUrl}/api/orders/execute`, { method: 'POST', body: new Blob([body]) });
    expect(none.status).toBe(415);
    expect(await none.json()).toMatchObject({ message: 'Content-Type must be application/json (got none)' });
    const charset = await request(context.engine.baseUrl, '/api/orders/execute', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
    });
    expect(charset.status).toBe(202);
  });

  it('answers 404 to an unknown order and 400 to an id that is not a UUID', async () => {
    const unknown = await getJson(context.engine.baseUrl, '/api/orders/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const malformed = await getJson(context.engine.baseUrl, '/api/orders/42');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'orderId', rule: 'isUuid' })]);
  });

  it('validates history queries', async () => {
    expect((await getJson(context.engine.baseUrl, '/api/orders?status=lost')).body.errors[0]).toMatchObject({ field: 'status', rule: 'isIn' });
    expect((await getJson(context.engine.baseUrl, '/api/orders?limit=1000')).body.errors[0]).toMatchObject({ field: 'limit', rule: 'max' });
    expect((await getJson(context.engine.baseUrl, '/api/orders?cursor=garbage')).body.errors[0]).toMatchObject({ field: 'cursor', rule: 'isCursor' });
    expect((await getJson(context.engine.baseUrl, '/api/orders?foo=1')).status).toBe(400);
  });
});
