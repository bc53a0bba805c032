import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { WsAdapter } from '@nestjs/platform-ws';
import { isObservable, type Observable } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import type { Principal } from '../../auth/api-key.js';
import { serverFrame, type ServerFrame } from '../../contracts/ws-frames.js';

export const ORDERS_WS_PATH = '/api/orders/ws';
/** `POST /api/orders/execute` also accepts a WebSocket upgrade (one endpoint, both protocols). */
const EXECUTE_PATH = '/api/orders/execute';

/** Maps an upgrade request's path to the gateway path serving it, or undefined. */
export function gatewayPathFor(pathname: string, gatewayPaths: readonly string[]): string | undefined {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === EXECUTE_PATH && gatewayPaths.includes(ORDERS_WS_PATH)) return ORDERS_WS_PATH;
  return gatewayPaths.find((p) => path === p || path.startsWith(`${p}/`));
}

interface PathedServer {
  path: string;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (ws: unknown) => void): void;
  emit(event: string, ...args: unknown[]): boolean;
}

/**
 * Nest's WsAdapter, extended for this API: per-order URLs
 * (`/api/orders/ws/{orderId}`) and the `execute` endpoint reach the orders
 * gateway; an unknown path gets a 404 instead of a dropped socket; and a
 * malformed or unknown frame is answered with an `error` frame.
 */
export class OrdersWsAdapter extends WsAdapter {
  constructor(
    app: ConstructorParameters<typeof WsAdapter>[0],
    /** Who is connecting (API key headers or a ticket); undefined: the upgrade is refused with 401. */
    private readonly authenticate: (request: IncomingMessage) => Promise<Principal | undefined>,
  ) {
    super(app);
  }

  protected override ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (this.httpServersRegistry.has(port) || !httpServer) return super.ensureHttpServerExists(port, httpServer);
    this.httpServersRegistry.set(port, httpServer);
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.route(port, req, socket, head);
    httpServer.on('upgrade', listener);
    // The base class removes registered upgrade listeners in dispose().
    (this as unknown as { upgradeListenersRegistry: Map<number, unknown> }).upgradeListenersRegistry.set(port, listener);
    return httpServer;
  }

  /**
   * A client's socket error (an oversized frame: 1009, a protocol violation) is
   * the client's mistake, already answered by closing its socket: one warn
   * line, no stack. The server's own errors stay errors.
   */
  override bindErrorHandler(server: { on(event: string, listener: (...args: any[]) => void): void }): typeof server {
    const logger = new Logger('OrdersWsAdapter');
    server.on('connection', (ws: { on(event: 'error', listener: (error: Error & { code?: string }) => void): void }) =>
      ws.on('error', (error) => logger.warn(`client socket closed: ${error.message}${error.code ? ` (${error.code})` : ''}`)),
    );
    server.on('error', (error: Error) => logger.error(error.stack ?? error.message));
    return server;
  }

  /**
   * Each frame is answered without rxjs: the base class puts every message through an observable pipeline
   * (fromEvent, mergeMap, filter, catchError) though the gateway's handlers answer with a promise. A handler
   * that answers with an observable still streams its values.
   */
  override bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[], _transform: (data: unknown) => Observable<unknown>): void {
    const byEvent = new Map(handlers.map((handler) => [String(handler.message), handler]));
    const send = (response: unknown) => {
      if (response !== undefined && response !== null && client.readyState === client.OPEN) client.send(JSON.stringify(response));
    };
    const fail = (error: unknown) => this.logger.error(error);
    client.on('message', (data: RawData) =>
      this.answer(data, byEvent).then((result) => (isObservable(result) ? void result.subscribe({ next: send, error: fail }) : send(result)), fail),
    );
  }

  /** What a frame gets back: its handler's answer (errors go through the gateway's exception filter), or an error frame. */
  private answer(data: unknown, handlers: Map<string, MessageMappingProperties>): Promise<unknown> {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return reply({ code: 'MALFORMED_FRAME', message: 'frame must be JSON: {"event": "...", "data": {...}}' });
    }
    if (!isFrame(message)) {
      return reply({ code: 'MALFORMED_FRAME', message: 'frame must be an object with a string "event" and an optional "data"' });
    }
    const handler = handlers.get(message.event);
    if (!handler) {
      return reply({
        code: 'UNKNOWN_EVENT',
        event: message.event,
        message: `unknown event "${message.event}"; expected one of: ${[...handlers.keys()].join(', ')}`,
      });
    }
    return Promise.resolve(handler.callback(message.data, message.event));
  }

  private async route(port: number, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      const pathname = new URL(req.url ?? '/', 'ws://localhost').pathname;
      const servers = (this.wsServersRegistry.get(port) ?? []) as unknown as PathedServer[];
      const target = gatewayPathFor(
        pathname,
        servers.map((s) => s.path),
      );
      const server = servers.find((s) => s.path === target);
      if (!server) return refuse(socket, '404 Not Found');
      const principal = await this.authenticate(req);
      if (!principal) return refuse(socket, '401 Unauthorized');
      (req as UpgradeRequest).principal = principal;
      server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req));
    } catch {
      refuse(socket, '400 Bad Request');
    }
  }
}

/** An upgrade the adapter let through, with who is connecting. */
export type UpgradeRequest = IncomingMessage & { principal?: Principal };

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function isFrame(value: unknown): value is { event: string; data?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { event?: unknown }).event === 'string';
}

const reply = (data: ServerFrame<'error'>['data']): Promise<ServerFrame<'error'>> => Promise.resolve(serverFrame('error', data));
