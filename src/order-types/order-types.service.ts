import { Inject, Injectable } from '@nestjs/common';
import type { OrderType } from '../contracts/order-lifecycle.js';
import { ORDER_TYPE_HANDLERS, type OrderTypeHandler } from './order-type.handler.js';

/** The registered order types, by name. */
@Injectable()
export class OrderTypes {
  private readonly byType: ReadonlyMap<OrderType, OrderTypeHandler>;

  constructor(@Inject(ORDER_TYPE_HANDLERS) handlers: readonly OrderTypeHandler[]) {
    this.byType = new Map(handlers.map((handler) => [handler.type, handler]));
  }

  /** The handler of `type`; every stored type has one (types are only ever added). */
  of(type: OrderType): OrderTypeHandler {
    const handler = this.byType.get(type);
    if (!handler) throw new Error(`no handler for order type ${type}`);
    return handler;
  }
}
