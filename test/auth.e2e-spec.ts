import WebSocket from 'ws';
import { loadConfig } from '../src/config/environment.js';
import { request, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const KEYS = { alice: 'alice-key-0123456789abcdef', bob: 'bob-key-0123456789abcdefgh', ops: 'ops-key-0123456789abcdefghi' };
const API_KEYS = `alice:${KEYS.alice},bob:${KEYS.bob},ops:${KEYS.ops}:admin`;

/** The status an upgrade gets (101 when it is accepted). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => (ws.close(), resolve(101)));
    ws.once('unexpected-response', (_request, response) => (ws.terminate(), resolve(response.statusCode ?? 0)));
    ws.once('error', reject);
  });
}

describe('API keys and ownership', () => {
  const context = useEngine({ API_KEYS, SIM_SETTLE_DELAY_MS: '200' });
  const base = () => context.engine.baseUrl;
  const as = (key: string | undefined, path: string, init: RequestInit = {}) =>
    request(base(), path, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  const place = async (key: string) => {
    const response = await as(key, '/api/orders/execute', { method: 'POST', body: JSON.stringify(SOL_USDC) });
    expect(response.status).toBe(202);
    return response.body.orderId as string;
  };
  const socket = async (key: string, path = '/api/orders/ws') =>
    TestWsClient.connect(`${context.engine.wsBaseUrl}${path}`, 5_000, { headers: { 'x-api-key': key } });

  it('401 without a key or with a wrong one, on REST and on the WebSocket upgrade; health and tokens stay open', async () => {
    for (const [key, says] of [
      [undefined, /an API key is required/],
      ['not-a-configured-key-at-all', /this API key is not valid/],
    ] as const) {
      const response = await as(key, '/api/orders');
      expect(response).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED', message: expect.stringMatching(says) } });
      expect((await as(key, '/api/orders/execute', { method: 'POST', body: JSON.stringify(SOL_USDC) })).status).toBe(401);
    }
    expect(await upgradeStatus(`${context.engine.wsBaseUrl}/api/orders/ws`)).toBe(401);
    expect(await upgradeStatus(`${context.engine.wsBaseUrl}/api/orders/ws`, { 'x-api-key': 'wrong-wrong-wrong-wrong' })).toBe(401);
    expect(await upgradeStatus(`${context.engine.wsBaseUrl}/api/orders/ws`, { 'x-api-key': KEYS.alice })).toBe(101);
    for (const path of ['/api/health/live', '/api/health/ready', '/api/tokens', '/api/health']) expect((await as(undefined, path)).status).toBe(200);
    expect((await as(KEYS.bob, '/api/orders', { headers: {} })).status).toBe(200);
  });

  it("another key gets 404 for an order on GET, DELETE and subscribe; the list shows the caller's orders; an admin sees all", async () => {
    const alices = await place(KEYS.alice);
    expect((await as(KEYS.bob, `/api/orders/${alices}`)).status).toBe(404);
    expect((await as(KEYS.bob, `/api/orders/${alices}`, { method: 'DELETE' })).status).toBe(404);
    expect((await as(KEYS.alice, `/api/orders/${alices}`)).status).toBe(200);
    expect((await as(KEYS.ops, `/api/orders/${alices}`)).status).toBe(200);

    const bobs = await socket(KEYS.bob);
    bobs.send('subscribe', { orderId: alices });
    expect((await bobs.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    bobs.send('cancel', { orderId: alices });
    expect((await bobs.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    bobs.close();
    const perOrder = await socket(KEYS.bob, `/api/orders/ws/${alices}`);
    expect(await perOrder.waitForClose()).toBe(4404);

    const bobsOrder = await place(KEYS.bob);
    const listOf = async (key: string) => ((await as(key, '/api/orders?limit=100')).body.orders as { orderId: string }[]).map((o) => o.orderId);
    expect(await listOf(KEYS.alice)).toContain(alices);
    expect(await listOf(KEYS.alice)).not.toContain(bobsOrder);
    expect(await listOf(KEYS.bob)).toEqual(expect.arrayContaining([bobsOrder]));
    expect(await listOf(KEYS.bob)).not.toContain(alices);
    expect(await listOf(KEYS.ops)).toEqual(expect.arrayContaining([alices, bobsOrder]));
  });

  it('"*" follows only the caller\'s own orders; an admin key follows everyone\'s', async () => {
    const [alice, ops] = [await socket(KEYS.alice), await socket(KEYS.ops)];
    for (const client of [alice, ops]) {
      client.send('subscribe', { orderId: '*' });
      await client.waitFor((f) => f.event === 'subscribed');
    }
    const [hers, his] = [await place(KEYS.alice), await place(KEYS.bob)];
    await Promise.all([ops.waitForStatus(hers, 'confirmed'), ops.waitForStatus(his, 'confirmed'), alice.waitForStatus(hers, 'confirmed')]);
    expect(alice.events(his)).toEqual([]);
    alice.close();
    ops.close();
  });

  it('a ticket from POST /api/auth/ws-ticket opens one WebSocket, as its key, once', async () => {
    const { ticket, expiresInSeconds } = (await as(KEYS.alice, '/api/auth/ws-ticket', { method: 'POST' })).body;
    expect(expiresInSeconds).toBe(30);
    expect((await as(undefined, '/api/auth/ws-ticket', { method: 'POST' })).status).toBe(401);
    const url = `${context.engine.wsBaseUrl}/api/orders/ws?ticket=${ticket}`;
    const client = await TestWsClient.connect(url);
    const theirs = await place(KEYS.bob);
    client.send('subscribe', { orderId: theirs });
    expect((await client.nextFrame((f) => f.event === 'error')).data).toMatchObject({ code: 'ORDER_NOT_FOUND' }); // it is alice
    client.close();
    expect(await upgradeStatus(url)).toBe(401); // used once
  });

  it("the queue dashboard at /admin/queues is an admin key's: a browser is asked (HTTP Basic), other keys refused", async () => {
    const board = (headers: Record<string, string> = {}, path = '/admin/queues') => fetch(`${base()}${path}`, { headers });
    const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`operator:${key}`).toString('base64')}` });
    const anonymous = await board();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    // A valid key that is not an admin's is told so, a wrong one that it is wrong: as headers 403 and 401; from a
    // browser (HTTP Basic) both 401 with a new challenge, so that it asks for another key.
    const notAdmin = await board(basic(KEYS.alice));
    expect(notAdmin.status).toBe(401);
    expect(notAdmin.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await notAdmin.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('not an admin key: the queue dashboard needs one') });
    expect((await board({ 'x-api-key': KEYS.alice })).status).toBe(403);
    const wrong = await board(basic('not-a-configured-key-at-all'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('not valid') });
    const page = await board(basic(KEYS.ops));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const queues = await board({ 'x-api-key': KEYS.ops }, '/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(JSON.stringify(await queues.json())).toContain('order-execution');
  });

  it('never logs a key', () => {
    const logged = context.engine.logs.map((line) => line.message).join('\n');
    expect(logged).toContain('API key(s): alice, bob, ops (admin)');
    for (const key of Object.values(KEYS)) expect(logged).not.toContain(key);
  });
});

describe('API_KEYS and AUTH at boot', () => {
  it('refuses to start in production without keys unless AUTH=off, and names bad entries without their keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs API_KEYS/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH: 'off' }).auth.keys).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS }).auth.keys.map((k) => k.name)).toEqual(['alice', 'bob', 'ops']);
    // AUTH=off allows running open; it never switches configured keys off.
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS, AUTH: 'off' }).auth.keys).toHaveLength(3);
    expect(() => loadConfig({ API_KEYS: 'alice:short' })).toThrow(/API_KEYS entry 1 \(alice\): the key must be 16-256/);
    expect(() => loadConfig({ API_KEYS: `alice:${KEYS.alice},alice:${KEYS.bob}` })).toThrow(/the name alice is used twice/);
    expect(() => loadConfig({ API_KEYS: `a:${KEYS.alice}:root` })).toThrow(/only ":admin" may follow/);
    expect(() => loadConfig({ AUTH: 'on' })).toThrow(/AUTH=on needs API_KEYS/);
    try {
      loadConfig({ API_KEYS: `alice:${KEYS.alice},bob:${KEYS.alice}` });
    } catch (error) {
      expect(String(error)).not.toContain(KEYS.alice);
    }
  });
});
