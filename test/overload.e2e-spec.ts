import { Redis } from 'ioredis';
import { getJson, postJson, request, SOL_USDC } from './support/http.js';
import { waitUntil } from './support/wait.js';
import { useEngine } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

describe('load shedding: past MAX_INFLIGHT_SUBMITS a submit is refused at once', () => {
  const context = useEngine({ MAX_INFLIGHT_SUBMITS: '1' });

  it('answers 503 OVERLOADED with Retry-After over REST and an error frame over WebSocket while the slot is taken, then accepts again', async () => {
    // Redis paused for writes: the first submit waits on its enqueue, holding the only slot.
    const admin = new Redis(context.redis.url);
    // Shorter than REDIS_COMMAND_TIMEOUT_MS (1.5 s), after which a submit gives up with 503.
    await admin.call('CLIENT', 'PAUSE', '1000', 'WRITE');
    const held = postJson(context.engine.baseUrl, '/api/orders/execute', SOL_USDC);
    // The held submit stores its order before it enqueues: once the order is listed, it holds the slot.
    await waitUntil(async () => (await getJson(context.engine.baseUrl, '/api/orders')).body.orders.length === 1, 5_000);

    const started = Date.now();
    const shed = await fetch(`${context.engine.baseUrl}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SOL_USDC),
    });
    expect(Date.now() - started).toBeLessThan(500);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await shed.json()).toMatchObject({ code: 'OVERLOADED' });

    const socket = await TestWsClient.connect(`${context.engine.wsBaseUrl}/api/orders/ws`);
    socket.send('execute', SOL_USDC);
    expect((await socket.waitFor((frame) => frame.event === 'error')).data).toMatchObject({ code: 'OVERLOADED', event: 'execute' });
    socket.close();

    expect((await held).status).toBe(202);
    expect(
      (
        await request(context.engine.baseUrl, '/api/orders/execute', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(SOL_USDC),
        })
      ).status,
    ).toBe(202);
    admin.disconnect();
  });
});
