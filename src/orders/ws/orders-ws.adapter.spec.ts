import type { IncomingMessage } from 'node:http';
import { OPEN_PRINCIPAL, type Principal } from '../../auth/api-key.js';
import { orderIdFromUrl } from '../orders.gateway.js';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, of } from 'rxjs';
import type { WebSocket } from 'ws';
import { gatewayPathFor, OrdersWsAdapter } from './orders-ws.adapter.js';

describe('WebSocket paths', () => {
  const paths = ['/api/orders/ws'];

  it('routes the gateway path, per-order URLs and the execute endpoint to the orders gateway', () => {
    expect(gatewayPathFor('/api/orders/ws', paths)).toBe('/api/orders/ws');
    expect(gatewayPathFor('/api/orders/ws/', paths)).toBe('/api/orders/ws');
    expect(gatewayPathFor('/api/orders/ws/0b1c', paths)).toBe('/api/orders/ws');
    expect(gatewayPathFor('/api/orders/execute', paths)).toBe('/api/orders/ws');
  });

  it('routes nothing else', () => {
    expect(gatewayPathFor('/api/orders/wsx', paths)).toBeUndefined();
    expect(gatewayPathFor('/api/orders', paths)).toBeUndefined();
    expect(gatewayPathFor('/', paths)).toBeUndefined();
  });

  it('reads the order id from the path or the query', () => {
    expect(orderIdFromUrl('/api/orders/ws/abc-1')).toBe('abc-1');
    expect(orderIdFromUrl('/api/orders/ws/abc-1/')).toBe('abc-1');
    expect(orderIdFromUrl('/api/orders/ws?orderId=xyz')).toBe('xyz');
    expect(orderIdFromUrl('/api/orders/ws')).toBeUndefined();
    expect(orderIdFromUrl('/api/orders/execute')).toBeUndefined();
  });
});

const anyone = async () => OPEN_PRINCIPAL;

const handler = (message: string, callback: MessageMappingProperties['callback']): MessageMappingProperties => ({
  message,
  methodName: message,
  isAckHandledManually: false,
  callback,
});

/** A connected socket as the adapter sees it, recording what it sends back; `frame` sends it one and lets it answer. */
function connect(handlers: MessageMappingProperties[]) {
  const sent: unknown[] = [];
  const socket = Object.assign(new EventEmitter(), { OPEN: 1, readyState: 1, send: (text: string) => sent.push(JSON.parse(text)) });
  new OrdersWsAdapter(undefined, anyone).bindMessageHandlers(socket as unknown as WebSocket, handlers, (r) => from(r as Promise<unknown>));
  const frame = async (raw: string) => {
    socket.emit('message', Buffer.from(raw), false);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sent, socket, frame };
}

describe('OrdersWsAdapter frames', () => {
  /** The one frame sent back for `raw`, with a `subscribe` handler that echoes and an `execute` one. */
  async function answer(raw: string): Promise<unknown> {
    const { sent, frame } = connect([
      handler('subscribe', async (data: unknown, event: string) => ({ handled: event, data })),
      handler('execute', async () => undefined),
    ]);
    await frame(raw);
    expect(sent).toHaveLength(1);
    return sent[0];
  }

  it('hands a well-formed frame to its handler with its data and event', async () => {
    await expect(answer('{"event":"subscribe","data":{"orderId":"*"}}')).resolves.toEqual({ handled: 'subscribe', data: { orderId: '*' } });
  });

  it.each(['not json', '[1,2]', '{"data":{}}', '{"event":42}', 'null'])('answers %s with a MALFORMED_FRAME error frame', async (raw) => {
    await expect(answer(raw)).resolves.toEqual({ event: 'error', data: { code: 'MALFORMED_FRAME', message: expect.stringContaining('"event"') } });
  });

  it('answers an unknown event naming the events it knows', async () => {
    await expect(answer('{"event":"amend"}')).resolves.toEqual({
      event: 'error',
      data: { code: 'UNKNOWN_EVENT', event: 'amend', message: 'unknown event "amend"; expected one of: subscribe, execute' },
    });
  });
});

describe('OrdersWsAdapter message handling on a socket', () => {
  it("sends a handler's answer back, and nothing for a handler that answers nothing", async () => {
    const { sent, frame } = connect([
      handler('subscribe', async (data: unknown) => ((data as { orderId: string }).orderId === 'quiet' ? undefined : { event: 'subscribed', data })),
    ]);
    await frame('{"event":"subscribe","data":{"orderId":"a"}}');
    await frame('{"event":"subscribe","data":{"orderId":"quiet"}}');
    await frame('not json');
    expect(sent).toEqual([
      { event: 'subscribed', data: { orderId: 'a' } },
      { event: 'error', data: expect.objectContaining({ code: 'MALFORMED_FRAME' }) },
    ]);
  });

  it('streams every value of a handler that answers with an observable', async () => {
    const { sent, frame } = connect([handler('subscribe', async () => of({ n: 1 }, { n: 2 }))]);
    await frame('{"event":"subscribe"}');
    expect(sent).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('sends nothing to a socket that closed while its handler ran', async () => {
    const { sent, socket, frame } = connect([
      handler('subscribe', async () => {
        socket.readyState = 3;
        return { late: true };
      }),
    ]);
    await frame('{"event":"subscribe"}');
    expect(sent).toEqual([]);
  });
});

describe('OrdersWsAdapter upgrades', () => {
  /** An HTTP server and a gateway server on ORDERS_WS_PATH, as the adapter sees them. */
  function setUp(authenticate: (request: IncomingMessage) => Promise<Principal | undefined> = anyone) {
    const adapter = new OrdersWsAdapter(undefined, authenticate);
    const http = new EventEmitter();
    const upgraded: string[] = [];
    const gateway = Object.assign(new EventEmitter(), {
      path: '/api/orders/ws',
      handleUpgrade: (req: { url: string }, _socket: unknown, _head: Buffer, done: (ws: unknown) => void) => done({ url: req.url }),
    });
    gateway.on('connection', (ws: { url: string }) => upgraded.push(ws.url));
    (adapter as unknown as { wsServersRegistry: Map<number, unknown[]> }).wsServersRegistry.set(3000, [gateway]);
    (adapter as unknown as { ensureHttpServerExists(port: number, server: Server): void }).ensureHttpServerExists(3000, http as unknown as Server);
    const upgrade = async (url: string) => {
      const ended: string[] = [];
      http.emit('upgrade', { url }, { end: (text: string) => ended.push(text) }, Buffer.alloc(0));
      await new Promise((resolve) => setImmediate(resolve));
      return ended;
    };
    return { upgrade, upgraded };
  }

  it('upgrades the gateway path, per-order URLs and the execute endpoint', async () => {
    const { upgrade, upgraded } = setUp();
    for (const url of ['/api/orders/ws', '/api/orders/ws/abc?x=1', '/api/orders/execute']) expect(await upgrade(url)).toEqual([]);
    expect(upgraded).toEqual(['/api/orders/ws', '/api/orders/ws/abc?x=1', '/api/orders/execute']);
  });

  it('refuses any other path with a 404, closing the socket', async () => {
    const { upgrade, upgraded } = setUp();
    expect(await upgrade('/api/other')).toEqual([expect.stringMatching(/^HTTP\/1\.1 404 Not Found\r\n/)]);
    expect(upgraded).toEqual([]);
  });

  it('refuses an upgrade nobody is authenticated for with a 401, and upgrades one with the principal attached', async () => {
    const refused = setUp(async () => undefined);
    expect(await refused.upgrade('/api/orders/ws')).toEqual([expect.stringMatching(/^HTTP\/1\.1 401 Unauthorized\r\n/)]);
    expect(refused.upgraded).toEqual([]);
    const seen: unknown[] = [];
    const allowed = setUp(async (request) => (seen.push(request.url), { name: 'bot', admin: false }));
    expect(await allowed.upgrade('/api/orders/ws?ticket=abc')).toEqual([]);
    expect(seen).toEqual(['/api/orders/ws?ticket=abc']);
  });
});
