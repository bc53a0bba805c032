import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OrderNotFoundError } from '../common/errors/request.errors.js';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import type { OrderAcceptedResponse, OrderDetailResponse, OrderListResponse } from '../contracts/rest.js';
import { OrderRepository } from '../database/order.repository.js';
import { OrderEventsPublisher } from '../events/order-events.publisher.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { toTokenView } from '../tokens/token-registry.js';
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
      { id, type: request.type, side: request.side, input, output, amountIn: request.amountIn, slippageBps: request.slippageBps, createdAt: new Date() },
      {
        type: request.type,
        side: request.side,
        inputToken: input,
        outputToken: output,
        amountIn: request.amountIn.toString(),
        slippageBps: request.slippageBps,
      },
    );
    try {
      await this.producer.enqueue(id, toJobTrade({ input, output, amountIn: request.amountIn, slippageBps: request.slippageBps }));
    } catch (error) {
      await this.orders.remove(id).catch((e: Error) => this.logger.error(`order ${id} not removed: ${e.message}`));
      throw error;
    }
    this.publisher.publish(pending);
    this.logger.log(`order ${id} accepted: ${request.input.symbol}→${request.output.symbol} ${request.amountIn} base units`);
    return { message: 'Order received', orderId: id, status: 'pending', wsUrl: `${wsBaseUrl}/api/orders/ws/${id}` };
  }

  async get(orderId: string): Promise<OrderDetailResponse> {
    const order = await this.orders.find(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return toOrderDetail(order, await this.orders.events(orderId));
  }

  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.orders.events(orderId);
  }

  async list(query: ListOrdersQuery): Promise<OrderListResponse> {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.orders.history({ status: query.status, limit: query.limit + 1, before });
    const orders = page.slice(0, query.limit);
    const hasMore = page.length > query.limit;
    return { orders: orders.map(toOrderView), nextCursor: hasMore ? encodeCursor(orders[orders.length - 1]) : null };
  }
}
