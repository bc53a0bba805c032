import WebSocket from 'ws';
import { postJson, SOL_USDC } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { SettlementGate } from './support/settlement-gate.js';
import { TestWsClient } from './support/ws-client.js';

describe('WebSocket protocol: subscribe, unsubscribe, execute and error frames', () => {
  const gate = new SettlementGate();
  const context = useEngine({}, { settlement: gate });

  const connect = (path = '/api/orders/ws') => TestWsClient.connect(`${context.engine.wsBaseUrl}${path}`);

  it('follows several orders on one connection after subscribe, with replay', async () => {
    const a = (await postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC)).body.orderId;
    const b = (await postJson(context.engine.baseUrl, '/api/orders/execute', { ...SOL_USDC, outputToken: 'USDT' })).body.orderId;
    const client = await connect();
    client.send('subscribe', { orderId: a });
    client.send('subscribe', { orderId: b });
    await client.waitFor((f) => f.event === 'subscribed' && f.data.orderId === b);
    await Promise.all([client.waitForStatus(a, 'confirmed'), client.waitForStatus(b, 'confirmed')]);
    expect(client.statuses(a)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(client.statuses(b)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it("serves the seed README's client, which reads the status at the top of each frame", async () => {
    const orderId = (await postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC)).body.orderId;
    const socket = new WebSocket(`${context.engine.wsBaseUrl}/api/orders/ws/${orderId}`);
    const frames: { event: string; status: string; orderId: string; seq: number; data: { status: string } }[] = [];
    socket.onmessage = (event) => frames.push(JSON.parse(String(event.data)));
    await new Promise((resolve) => (socket.onclose = resolve));
    const updates = frames.filter((frame) => frame.event === 'order.status');
    expect(updates.map((update) => update.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    expect(updates.map((update) => update.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(updates.every((update) => update.orderId === orderId && update.data.status === update.status)).toBe(true);
  });

  it('stops streaming an order after unsubscribe', async () => {
    gate.close(); // the order stays in flight until the client has unsubscribed
    const client = await connect();
    const orderId = (await postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC)).body.orderId;
    client.send('subscribe', { orderId });
    await client.waitForStatus(orderId, 'pending');
    client.send('unsubscribe', { orderId });
    await client.waitFor((f) => f.event === 'unsubscribed' && f.data.orderId === orderId);
    const seenAtUnsubscribe = client.events(orderId).length;
    gate.open();

    // Another subscriber shows when the order is done; the first must have seen nothing more.
    const witness = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws/${orderId}`);
    await witness.waitForTerminal(orderId);
    expect(client.events(orderId)).toHaveLength(seenAtUnsubscribe);
    expect(seenAtUnsubscribe).toBeLessThan(5);
    client.close();
  });

  it.each(['/api/orders/ws', '/api/orders/execute'])('executes an order sent as a frame on %s and streams it there', async (path) => {
    const client = await connect(path);
    client.send('execute', { ...SOL_USDC, amount: '0.5' });
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    const orderId = (accepted.data as { orderId: string }).orderId;
    expect(accepted.data).toMatchObject({ status: 'pending', wsUrl: `${context.engine.wsBaseUrl}/api/orders/ws/${orderId}` });
    await client.waitForStatus(orderId, 'confirmed');
    expect(client.statuses(orderId)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    client.close();
  });

  it('answers bad frames with error frames and keeps the connection open', async () => {
    const client = await connect();
    const nextError = () => client.nextFrame((f) => f.event === 'error');

    let error = nextError();
    client.sendRaw('{not json');
    expect((await error).data).toMatchObject({ code: 'MALFORMED_FRAME' });

    error = nextError();
    client.sendRaw('[1,2,3]');
    expect((await error).data).toMatchObject({ code: 'MALFORMED_FRAME' });

    error = nextError();
    client.send('dance', {});
    expect((await error).data).toMatchObject({ code: 'UNKNOWN_EVENT', event: 'dance', message: expect.stringContaining('subscribe') });

    error = nextError();
    client.send('subscribe', { orderId: '00000000-0000-4000-8000-000000000000' });
    expect((await error).data).toMatchObject({ code: 'ORDER_NOT_FOUND', event: 'subscribe' });

    error = nextError();
    client.send('subscribe', { orderId: 'nope' });
    expect((await error).data).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'orderId', rule: 'isUuid' }] });

    error = nextError();
    client.send('execute', { type: 'twap', inputToken: 'SOL', outputToken: 'SOL', amount: -1 });
    const invalid = (await error).data as any;
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.errors.map((e: any) => `${e.field}:${e.rule}`)).toEqual(
      expect.arrayContaining(['type:isIn', 'outputToken:differsFromInputToken', 'amount:isPositive']),
    );

    client.send('execute', SOL_USDC);
    const accepted = await client.waitFor((f) => f.event === 'order.accepted');
    expect(accepted.data).toMatchObject({ status: 'pending' });
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it('tells a per-order connection that the order does not exist, and closes it with 4404', async () => {
    const client = await connect('/api/orders/ws/00000000-0000-4000-8000-000000000000');
    await client.waitFor((f) => f.event === 'error' && f.data.code === 'ORDER_NOT_FOUND');
    expect(await client.waitForClose()).toBe(4404);
  });

  it('closes a per-order connection whose path is not an order id with 4404, after saying so', async () => {
    const client = await connect('/api/orders/ws/not-a-uuid');
    const error = await client.waitFor((f) => f.event === 'error');
    expect(error.data).toMatchObject({ code: 'ORDER_NOT_FOUND', orderId: 'not-a-uuid' });
    expect(await client.waitForClose()).toBe(4404);
  });

  it('refuses an upgrade on an unknown path with 404', async () => {
    await expect(connect('/api/nothing-here')).rejects.toThrow('HTTP 404');
  });

  it('closes a connection that sends a frame over 64 KiB with 1009, logged as a warning without a stack', async () => {
    const client = await connect();
    client.sendRaw(JSON.stringify({ event: 'subscribe', data: { orderId: 'x'.repeat(65 * 1024) } }));
    expect(await client.waitForClose()).toBe(1009);
    const lines = context.engine.logs.filter((line) => /payload|1009/i.test(line.message));
    expect(lines.map((line) => line.level)).toEqual(['warn']);
    expect(lines[0].message).not.toMatch(/\n\s+at /);
  });
});
