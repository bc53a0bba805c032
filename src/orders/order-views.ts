import { RequestValidationError } from '../common/errors/request.errors.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import type { OrderDetailResponse, OrderView } from '../contracts/rest.js';
import type { OrderRecord } from '../order-store/order-record.js';

export function toOrderView(order: OrderRecord): OrderView {
  return {
    orderId: order.id,
    type: order.type,
    side: order.side,
    status: order.status,
    inputToken: order.input,
    outputToken: order.output,
    amountIn: order.amountIn.toString(),
    slippageBps: order.slippageBps,
    ...order.terms,
    venue: order.venue,
    quotes: order.quotes,
    route: order.route,
    minAmountOut: order.minAmountOut?.toString() ?? null,
    amountOut: order.amountOut?.toString() ?? null,
    executedPrice: order.executedPrice,
    txHash: order.txHash,
    failure: order.failure,
    attempts: order.attempts,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export const toOrderDetail = (order: OrderRecord, events: readonly OrderLifecycleEvent[]): OrderDetailResponse => ({
  ...toOrderView(order),
  events,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isOrderId = (value: string): boolean => UUID.test(value);

export function requireOrderId(value: string, field = 'orderId'): string {
  if (!isOrderId(value)) {
    throw new RequestValidationError([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
  }
  return value.toLowerCase();
}

/** History cursors are opaque to clients: the (created_at, id) of the last order on a page. */
export function encodeCursor(order: OrderRecord): string {
  return Buffer.from(JSON.stringify([order.createdAt.toISOString(), order.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (!Number.isNaN(createdAt.getTime()) && typeof id === 'string' && isOrderId(id)) return { createdAt, id };
  } catch {
    // fall through to the validation error
  }
  throw new RequestValidationError([{ field: 'cursor', rule: 'isCursor', message: 'cursor must be a nextCursor value returned by this endpoint' }]);
}
