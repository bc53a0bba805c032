import { randomUUID } from 'node:crypto';
import { Logger, UseFilters, type BeforeApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { AppConfig } from '../config/app-config.js';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { ShutdownState } from '../health/shutdown-state.js';
import { OrderNotFoundError, RequestValidationError, TooManySubscriptionsError } from '../common/errors/request.errors.js';
import { callerOf } from '../rate-limits/caller.js';
import { ConnectionCaps } from '../rate-limits/connection-caps.service.js';
import { serverFrame, type ServerFrame } from '../contracts/ws-frames.js';
import { OrderEventsSubscriber } from '../events/order-events.subscriber.js';
import { OrderRequestParser } from './order-request.parser.js';
import { isOrderId, requireOrderId } from './order-views.js';
import { OrdersService } from './orders.service.js';
import { SubmitAdmission } from './submit-admission.js';
import { encodeFrame, OrderStreamHub, type FrameSink } from './ws/order-stream.js';
import { socketSink } from './ws/socket-sink.js';
import { ORDERS_WS_PATH, type UpgradeRequest } from './ws/orders-ws.adapter.js';
import { OPEN_PRINCIPAL, type Principal } from '../auth/api-key.js';
import { WsErrorFilter } from './ws/ws-error.filter.js';
import { wsBaseUrl } from './ws-base-url.js';

const ALL_ORDERS = '*';
const GOING_AWAY = 'server shutting down';
/** How long a client gets to answer the close frame before its connection is cut. */
const CLOSE_HANDSHAKE_MS = 1_000;

/** Closes with 1001 and resolves once the client has answered (or CLOSE_HANDSHAKE_MS passed: then it is cut). */
function closeGoingAway(socket: WebSocket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => (socket.terminate(), resolve()), CLOSE_HANDSHAKE_MS).unref();
    socket.once('close', () => (clearTimeout(timer), resolve()));
    socket.close(1001, GOING_AWAY);
  });
}

interface Connection {
  /** Its lease under its caller in the connection caps. */
  readonly id: string;
  readonly socket: WebSocket;
  readonly sink: FrameSink;
  readonly wsBaseUrl: string;
  /** Who connected: the key (or ticket) the upgrade carried. */
  readonly principal: Principal;
  /** Whose budgets and caps it spends (`callerOf`). */
  readonly caller: string;
  alive: boolean;
}

/**
 * The orders WebSocket: transport only. It connects clients, turns frames
 * into calls on OrdersService and the stream hub, and sends frames back.
 */
@WebSocketGateway({ path: ORDERS_WS_PATH, maxPayload: 64 * 1024 })
@UseFilters(WsErrorFilter)
export class OrdersGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrdersGateway.name);
  private readonly connections = new Map<WebSocket, Connection>();
  private readonly hub: OrderStreamHub;
  private stopListening?: () => void;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly orders: OrdersService,
    private readonly parser: OrderRequestParser,
    private readonly subscriber: OrderEventsSubscriber,
    private readonly config: AppConfig,
    private readonly metrics: EngineMetrics,
    private readonly caps: ConnectionCaps,
    private readonly admission: SubmitAdmission,
    private readonly shutdown: ShutdownState,
  ) {
    this.hub = new OrderStreamHub(
      (orderId) => this.orders.events(orderId),
      (orderId) => this.orders.ownerOf(orderId),
    );
  }

  onModuleInit(): void {
    this.stopListening = this.subscriber.listen({
      onOrderEvent: (event) => this.hub.publish(event),
      onResync: () => this.hub.resync(),
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.config.ws.heartbeatMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  /**
   * The last step of a graceful stop, once the worker has drained (every module's destroy hook ran first):
   * the events of the orders it finished reach their followers, then every client is told this server is
   * going away (1001) and can reconnect elsewhere, and each close handshake is waited for (briefly).
   */
  async beforeApplicationShutdown(): Promise<void> {
    // Events published by the drain go out on the next turn (the publisher batches a turn's events).
    await new Promise((resolve) => setImmediate(resolve));
    this.stopListening?.();
    await Promise.all([...this.connections.values()].map(({ socket }) => closeGoingAway(socket)));
  }

  async handleConnection(socket: WebSocket, request: UpgradeRequest): Promise<void> {
    if (this.shutdown.stopping) return void socket.close(1001, GOING_AWAY);
    const principal = request.principal ?? OPEN_PRINCIPAL;
    const connection: Connection = {
      id: randomUUID(),
      socket,
      sink: socketSink(socket, this.config.ws.maxBufferedBytes, this.logger),
      wsBaseUrl: wsBaseUrl(request.headers, this.config.http.publicWsUrl),
      principal,
      caller: callerOf(principal, request.socket?.remoteAddress),
      alive: true,
    };
    this.connections.set(socket, connection);
    this.metrics.wsConnections.inc();
    socket.on('pong', () => (connection.alive = true));
    if (!(await this.admitConnection(connection))) return;
    const orderId = orderIdFromUrl(request.url ?? '');
    if (orderId !== undefined) await this.followFromUrl(connection, orderId);
  }

  handleDisconnect(socket: WebSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.hub.drop(connection.sink);
    this.connections.delete(socket);
    this.metrics.wsConnections.dec();
    void this.caps.close(connection.caller, connection.id).catch(() => undefined);
  }

  /** RATE_LIMIT_WS_CONNECTIONS, across every API process: past it, an error frame and close 1008. */
  private async admitConnection(connection: Connection): Promise<boolean> {
    // Redis away: the connection is let in (everything else it asks for will say what is down).
    if (await this.caps.open(connection.caller, connection.id).catch(() => true)) return true;
    const message = `at most ${this.config.rateLimits.wsConnections} open WebSocket connections per client (RATE_LIMIT_WS_CONNECTIONS): close one first`;
    connection.sink.send(encodeFrame(serverFrame('error', { code: 'TOO_MANY_CONNECTIONS', message })));
    connection.socket.close(1008, 'too many connections');
    return false;
  }

  /** RATE_LIMIT_WS_SUBSCRIPTIONS: before a connection follows one more stream. */
  private checkSubscriptions(connection: Connection, orderId: string): void {
    const cap = this.config.rateLimits.wsSubscriptions;
    if (cap > 0 && !this.hub.follows(connection.sink, orderId) && this.hub.followCount(connection.sink) >= cap) throw new TooManySubscriptionsError(cap);
  }

  /** `{ orderId }` follows one order (with replay); `{ orderId: "*" }` follows every order the caller may see from now on. */
  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown): Promise<void> {
    const connection = this.connection(socket);
    const orderId = orderIdIn(data);
    this.checkSubscriptions(connection, orderId);
    if (orderId !== ALL_ORDERS) return this.follow(connection, orderId, false);
    this.hub.subscribeAll(connection.sink, connection.principal.admin ? undefined : connection.principal.name!);
    connection.sink.send(encodeFrame(serverFrame('subscribed', { orderId })));
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown): ServerFrame<'unsubscribed'> {
    const orderId = orderIdIn(data);
    const { sink } = this.connection(socket);
    if (orderId === ALL_ORDERS) this.hub.unsubscribeAll(sink);
    else this.hub.unsubscribe(sink, orderId);
    return serverFrame('unsubscribed', { orderId });
  }

  @SubscribeMessage('cancel')
  async cancel(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown): Promise<ServerFrame<'order.cancelled'>> {
    const orderId = orderIdIn(data, false);
    await this.orders.cancel(orderId, this.connection(socket).principal);
    return serverFrame('order.cancelled', { orderId, status: 'cancelled' });
  }

  @SubscribeMessage('execute')
  async execute(@ConnectedSocket() socket: WebSocket, @MessageBody() data: unknown): Promise<void> {
    const connection = this.connection(socket);
    const accepted = await this.admission.admit(connection.caller, async () => {
      this.checkSubscriptions(connection, '');
      return this.orders.place(this.parser.parse(data), connection.wsBaseUrl, connection.principal);
    });
    connection.sink.send(encodeFrame(serverFrame('order.accepted', { orderId: accepted.orderId, status: accepted.status, wsUrl: accepted.wsUrl })));
    this.hub.subscribe(connection.sink, accepted.orderId, { closeOnTerminal: false });
  }

  private async follow(connection: Connection, orderId: string, closeOnTerminal: boolean): Promise<void> {
    const found = await this.hub.follow(connection.sink, orderId, {
      closeOnTerminal,
      load: () => this.orders.eventsFor(orderId, connection.principal),
      onFound: () => connection.sink.send(encodeFrame(serverFrame('subscribed', { orderId }))),
    });
    if (!found) throw new OrderNotFoundError(orderId);
  }

  /** `/api/orders/ws/{orderId}`: follow that order and close once it is terminal. */
  private async followFromUrl(connection: Connection, orderId: string): Promise<void> {
    try {
      if (!isOrderId(orderId)) throw new OrderNotFoundError(orderId);
      await this.follow(connection, orderId.toLowerCase(), true);
    } catch (error) {
      const known = error instanceof OrderNotFoundError;
      connection.sink.send(
        encodeFrame(
          serverFrame(
            'error',
            known
              ? { code: error.code, message: error.message, orderId }
              : { code: 'SERVICE_UNAVAILABLE', message: 'the order could not be loaded; reconnect shortly', orderId },
          ),
        ),
      );
      connection.sink.close(known ? 4404 : 1011, known ? 'unknown order' : 'try again');
    }
  }

  private connection(socket: WebSocket): Connection {
    const connection = this.connections.get(socket);
    if (!connection) throw new Error('frame from a socket that is not connected');
    return connection;
  }

  private checkHeartbeats(): void {
    const live: Connection[] = [];
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
      live.push(connection);
    }
    // The live connections keep their places under the caps (a dead process's lapse).
    void this.caps.renew(live).catch(() => undefined);
  }
}

/** The order id in `/api/orders/ws/{orderId}` or `?orderId=`, if any. */
export function orderIdFromUrl(url: string): string | undefined {
  const parsed = new URL(url, 'ws://localhost');
  const fromPath = parsed.pathname.replace(/\/+$/, '').slice(ORDERS_WS_PATH.length + 1);
  return parsed.pathname.startsWith(`${ORDERS_WS_PATH}/`) && fromPath ? decodeURIComponent(fromPath) : (parsed.searchParams.get('orderId') ?? undefined);
}

/** The `orderId` of a frame: a UUID, or (`everyOrder`: subscribe/unsubscribe) "*" for every order. */
function orderIdIn(data: unknown, everyOrder = true): string {
  const orderId = (data as { orderId?: unknown } | null)?.orderId;
  if (orderId === ALL_ORDERS && everyOrder) return ALL_ORDERS;
  if (typeof orderId !== 'string') {
    const expected = everyOrder ? 'a UUID string or "*"' : 'a UUID string';
    throw new RequestValidationError([{ field: 'orderId', rule: 'isUuid', message: `data.orderId must be ${expected}` }]);
  }
  return requireOrderId(orderId);
}
