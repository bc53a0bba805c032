import { orderIdFromUrl } from '../orders.gateway.js';
import { gatewayPathFor } from './orders-ws.adapter.js';

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
