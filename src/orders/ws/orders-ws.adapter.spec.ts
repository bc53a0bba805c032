import { orderIdFromUrl } from '../orders.gateway.js';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { firstValueFrom, from } from 'rxjs';
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

describe('OrdersWsAdapter frames', () => {
  const adapter = new OrdersWsAdapter();
  const handlers = new Map<string, MessageMappingProperties>([
    [
      'subscribe',
      {
        message: 'subscribe',
        methodName: 'subscribe',
        isAckHandledManually: false,
        callback: async (data: unknown, event: string) => ({ handled: event, data }),
      },
    ],
    ['execute', { message: 'execute', methodName: 'execute', isAckHandledManually: false, callback: async () => undefined }],
  ]);
  const answer = (raw: string) => firstValueFrom(adapter.bindMessageHandler({ data: raw }, handlers, (result) => from(result as Promise<unknown>)));

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

describe('OrdersWsAdapter upgrades', () => {
  /** An HTTP server and a gateway server on ORDERS_WS_PATH, as the adapter sees them. */
  function setUp() {
    const adapter = new OrdersWsAdapter();
    const http = new EventEmitter();
    const upgraded: string[] = [];
    const gateway = Object.assign(new EventEmitter(), {
      path: '/api/orders/ws',
      handleUpgrade: (req: { url: string }, _socket: unknown, _head: Buffer, done: (ws: unknown) => void) => done({ url: req.url }),
    });
    gateway.on('connection', (ws: { url: string }) => upgraded.push(ws.url));
    (adapter as unknown as { wsServersRegistry: Map<number, unknown[]> }).wsServersRegistry.set(3000, [gateway]);
    (adapter as unknown as { ensureHttpServerExists(port: number, server: Server): void }).ensureHttpServerExists(3000, http as unknown as Server);
    const upgrade = (url: string) => {
      const ended: string[] = [];
      http.emit('upgrade', { url }, { end: (text: string) => ended.push(text) }, Buffer.alloc(0));
      return ended;
    };
    return { upgrade, upgraded };
  }

  it('upgrades the gateway path, per-order URLs and the execute endpoint', () => {
    const { upgrade, upgraded } = setUp();
    for (const url of ['/api/orders/ws', '/api/orders/ws/abc?x=1', '/api/orders/execute']) expect(upgrade(url)).toEqual([]);
    expect(upgraded).toEqual(['/api/orders/ws', '/api/orders/ws/abc?x=1', '/api/orders/execute']);
  });

  it('refuses any other path with a 404, closing the socket', () => {
    const { upgrade, upgraded } = setUp();
    expect(upgrade('/api/other')).toEqual([expect.stringMatching(/^HTTP\/1\.1 404 Not Found\r\n/)]);
    expect(upgraded).toEqual([]);
  });
});
