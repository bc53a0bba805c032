import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OrderNotCancellableError, OrderNotFoundError } from '../common/errors/request.errors.js';
import { CANCELLABLE_STATUSES, type OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import { OrderLifecycle } from '../events/order-lifecycle.service.js';
import type { OrderAcceptedResponse, OrderDetailResponse, OrderListResponse } from '../contracts/rest.js';
import { OrderRepository } from '../database/order.repository.js';
import { OrderEventsPublisher } from '../events/order-events.publisher.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { TokenRegistry, toTokenView } from '../tokens/token-registry.js';
import type { OrderRecord } from '../database/order-record.js';
import type { ListOrdersQuery } from './dto/list-orders.query.js';
import type { OrderRequest } from './order-request.parser.js';
import { decodeCursor, encodeCursor, toOrderDetail, toOrderView } from './order-views.js';

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly producer: OrderExecutionProducer,
    private readonly publisher: OrderEventsPublisher,
    private readonly lifecycle: OrderLifecycle,
    private readonly tokens: TokenRegistry,
  ) {}

  /**
   * Stores the order, then queues it. If it cannot be queued, the stored
   * order is removed again, so a refused order leaves nothing behind.
   */
  async place(request: OrderRequest, wsBaseUrl: string): Promise<OrderAcceptedResponse> {
    const id = randomUUID();
    const input = toTokenView(request.input);
    const output = toTokenView(request.output);
    const pending = await this.orders.insert(
      {
        id,
        type: request.type,
        side: request.side,
        input,
        output,
        amountIn: request.amountIn,
        slippageBps: request.slippageBps,
        terms: request.terms,
        createdAt: new Date(),
      },
      {
        type: request.type,
        side: request.side,
        inputToken: input,
        outputToken: output,
        amountIn: request.amountIn.toString(),
        slippageBps: request.slippageBps,
        ...(request.type === 'market' ? {} : request.terms),
      },
    );
    try {
      await this.producer.enqueue(
        id,
        toJobTrade({ type: request.type, input, output, amountIn: request.amountIn, slippageBps: request.slippageBps, terms: request.terms }),
      );
    } catch (error) {
      await this.orders.remove(id).catch((e: Error) => this.logger.error(`order ${id} not removed: ${e.message}`));
      throw error;
    }
    this.publisher.publish(pending);
    this.logger.log(`order ${id} accepted: ${request.input.symbol}→${request.output.symbol} ${request.amountIn} base units`);
    return { message: 'Order received', orderId: id, status: 'pending', wsUrl: `${wsBaseUrl}/api/orders/ws/${id}` };
  }

  /**
   * Cancels an order that has not started executing (pending, waiting,
   * retrying). The store decides a race with a trigger or a retry: exactly
   * one of them changes the order, and a run that loses it never sends a swap.
   */
  async cancel(orderId: string): Promise<OrderDetailResponse> {
    const events = await this.lifecycle.record(
      orderId,
      { status: 'cancelled', attempt: 0, details: { reason: 'cancelled by the client' } },
      { from: CANCELLABLE_STATUSES },
    );
    if (events.length === 0) {
      const order = await this.orders.find(orderId);
      if (!order) throw new OrderNotFoundError(orderId);
      throw new OrderNotCancellableError(orderId, order.status);
    }
    this.logger.log(`order ${orderId} cancelled`);
    return this.get(orderId);
  }

  async get(orderId: string): Promise<OrderDetailResponse> {
    const order = await this.orders.find(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return toOrderDetail(this.launched(order), await this.orders.events(orderId));
  }

  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.orders.events(orderId);
  }

  async list(query: ListOrdersQuery): Promise<OrderListResponse> {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.orders.history({ status: query.status, limit: query.limit + 1, before });
    const orders = page.slice(0, query.limit);
    const hasMore = page.length > query.limit;
    return { orders: orders.map((order) => toOrderView(this.launched(order))), nextCursor: hasMore ? encodeCursor(orders[orders.length - 1]) : null };
  }

  /** A sniper order placed before its token launched stores no decimals for it: once launched, the registry knows them. */
  private launched(order: OrderRecord): OrderRecord {
    if (order.output.decimals !== null) return order;
    const token = this.tokens.resolve(order.output.mint);
    return token ? { ...order, output: toTokenView(token) } : order;
  }
}
