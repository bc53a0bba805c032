import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DependencyUnavailableError, IdempotencyKeyReusedError, OrderNotCancellableError, OrderNotFoundError } from '../common/errors/request.errors.js';
import { CANCELLABLE_STATUSES, type OrderLifecycleEvent, type OrderStatus } from '../contracts/order-lifecycle.js';
import { OrderLifecycle } from '../order-store/order-lifecycle.service.js';
import type { OrderAcceptedResponse, OrderDetailResponse, OrderListResponse } from '../contracts/rest.js';
import { OrderQueries } from '../order-store/order-queries.port.js';
import { toJobTrade } from '../queue/order-execution.job.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { QueueLimiter } from '../queue/queue-limiter.js';
import { PlausiblePrices } from './plausible-prices.js';
import type { QueueHold } from '../contracts/order-lifecycle.js';
import { TokenRegistry, toTokenView } from '../tokens/token-registry.js';
import type { OrderRecord } from '../order-store/order-record.js';
import type { Principal } from '../auth/api-key.js';
import type { ListOrdersQuery } from './dto/list-orders.query.js';
import type { OrderRequest } from './order-request.parser.js';
import { decodeCursor, encodeCursor, toOrderDetail, toOrderView } from './order-views.js';

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly orders: OrderQueries,
    private readonly producer: OrderExecutionProducer,
    private readonly lifecycle: OrderLifecycle,
    private readonly tokens: TokenRegistry,
    private readonly limiter: QueueLimiter,
    private readonly prices: PlausiblePrices,
  ) {}

  /**
   * Stores the order, then queues it. If it cannot be queued, the stored
   * order is removed again, so a refused order leaves nothing behind. With a
   * client order id (Idempotency-Key or clientOrderId), a repeat of the same
   * request answers the order already placed, whoever wins a race of them;
   * the same id with a different request is refused.
   */
  async place(request: OrderRequest, wsBaseUrl: string, principal: Principal): Promise<OrderAcceptedResponse> {
    await this.prices.check(request);
    const id = randomUUID();
    const input = toTokenView(request.input);
    const output = toTokenView(request.output);
    const pending = await this.lifecycle.place(
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
        owner: principal.name,
        clientOrderId: request.clientOrderId,
        requestHash: request.clientOrderId === null ? null : requestHash(request),
      },
      {
        type: request.type,
        side: request.side,
        inputToken: input,
        outputToken: output,
        amountIn: request.amountIn.toString(),
        slippageBps: request.slippageBps,
        ...(request.type === 'market' ? {} : request.terms),
        ...queuedBehindLimit(this.limiter.holdForNewJob()),
      },
      () =>
        this.producer.enqueue(
          id,
          toJobTrade({
            type: request.type,
            input,
            output,
            amountIn: request.amountIn,
            slippageBps: request.slippageBps,
            terms: request.terms,
            owner: principal.name,
          }),
        ),
    );
    if (!pending) return this.placedBefore(request, wsBaseUrl, principal);
    this.logger.log({
      orderId: id,
      owner: principal.name,
      msg: `order ${id} accepted: ${request.input.symbol}→${request.output.symbol} ${request.amountIn} base units`,
    });
    return accepted(id, 'pending', wsBaseUrl, 'Order received');
  }

  /** The order this client id placed before: the same one if the request is the same, a 422 if not. */
  private async placedBefore(request: OrderRequest, wsBaseUrl: string, principal: Principal): Promise<OrderAcceptedResponse> {
    const clientOrderId = request.clientOrderId!;
    const earlier = await this.orders.byClientOrderId(principal.name, clientOrderId);
    // Removed in between (its enqueue failed): the client may simply retry.
    if (!earlier) throw new DependencyUnavailableError('redis');
    if (earlier.requestHash !== requestHash(request)) throw new IdempotencyKeyReusedError(clientOrderId, earlier.id);
    return accepted(earlier.id, earlier.status, wsBaseUrl, 'Order already received (same client order id)');
  }

  /**
   * Cancels an order that has not started executing (pending, waiting,
   * retrying). The store decides a race with a trigger or a retry: exactly
   * one of them changes the order, and a run that loses it never sends a swap.
   */
  async cancel(orderId: string, principal: Principal): Promise<OrderDetailResponse> {
    await this.visible(orderId, principal);
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
    this.logger.log({ orderId, msg: `order ${orderId} cancelled` });
    return this.get(orderId, principal);
  }

  async get(orderId: string, principal: Principal): Promise<OrderDetailResponse> {
    const order = await this.orders.find(orderId);
    if (!order || !canSee(principal, order.owner)) throw new OrderNotFoundError(orderId);
    return toOrderDetail(this.launched(order), await this.orders.events(orderId));
  }

  /** The order's events so far, for a caller that may see it; another key's order is "not found". */
  async eventsFor(orderId: string, principal: Principal): Promise<OrderLifecycleEvent[]> {
    if (principal.admin) return this.orders.events(orderId);
    // Both reads at once, each in its own batch: one round trip, cheaper for PostgreSQL than one statement
    // joining them (docs/performance.md). The events are dropped unless the caller may see them.
    const [owner, events] = await Promise.all([this.orders.ownerOf(orderId), this.orders.events(orderId)]);
    if (owner === undefined || !canSee(principal, owner)) throw new OrderNotFoundError(orderId);
    return events;
  }

  events(orderId: string): Promise<OrderLifecycleEvent[]> {
    return this.orders.events(orderId);
  }

  /** Who placed the order (null: while the engine ran open; undefined: no such order). */
  ownerOf(orderId: string): Promise<string | null | undefined> {
    return this.orders.ownerOf(orderId);
  }

  async list(query: ListOrdersQuery, principal: Principal): Promise<OrderListResponse> {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owner = principal.admin ? undefined : principal.name!;
    const page = await this.orders.history({ status: query.status, limit: query.limit + 1, before, owner });
    const orders = page.slice(0, query.limit);
    const hasMore = page.length > query.limit;
    return { orders: orders.map((order) => toOrderView(this.launched(order))), nextCursor: hasMore ? encodeCursor(orders[orders.length - 1]) : null };
  }

  private async visible(orderId: string, principal: Principal): Promise<void> {
    if (principal.admin) return;
    const owner = await this.orders.ownerOf(orderId);
    if (owner === undefined || !canSee(principal, owner)) throw new OrderNotFoundError(orderId);
  }

  /** A sniper order placed before its token launched stores no decimals for it: once launched, the registry knows them. */
  private launched(order: OrderRecord): OrderRecord {
    if (order.output.decimals !== null) return order;
    const token = this.tokens.resolve(order.output.mint);
    return token ? { ...order, output: toTokenView(token) } : order;
  }
}

const queuedBehindLimit = (hold: QueueHold | undefined): { queued?: QueueHold } => (hold ? { queued: hold } : {});

const accepted = (orderId: string, status: OrderStatus, wsBaseUrl: string, message: string): OrderAcceptedResponse => ({
  message,
  orderId,
  status,
  wsUrl: `${wsBaseUrl}/api/orders/ws/${orderId}`,
});

/** What a request asks, normalised (a number or a string amount, a symbol or a mint: the same request), hashed. */
function requestHash(request: OrderRequest): string {
  const { type, side, input, output, amountIn, slippageBps, terms } = request;
  const asked = [type, side, input.mint, output.mint, amountIn.toString(), slippageBps, terms.limitPrice, terms.maxPrice, terms.expiresAt];
  return createHash('sha256').update(JSON.stringify(asked)).digest('base64url');
}

/** An operator (or anyone, when the engine runs open) sees every order; a key sees its own. */
const canSee = (principal: Principal, owner: string | null): boolean => principal.admin || owner === principal.name;
