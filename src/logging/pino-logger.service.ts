import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's own boot narration (every module initialised, every route and WebSocket message mapped, "starting",
 * "started"): debug, so that the default level shows what an operator needs (services, migrations, where to
 * connect) and not sixty lines of wiring.
 */
const NEST_WIRING = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestApplication']);

/**
 * Nest's logger interface over pino: `logger.log('text')` writes `{"context": "OrdersService", "msg": "text"}`,
 * and `logger.log({ orderId, msg })` writes the object's fields beside `msg` (what a line is about, as fields).
 * Nest passes the context last, and an error's stack before it.
 */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(NEST_WIRING.has(params[params.length - 1] as string) ? 'debug' : 'info', message, params);
  }

  /** A line shown whatever LOG_LEVEL is (where the engine listens). */
  announce(message: string, context: string): void {
    const level = this.pino.level;
    this.pino.level = 'info';
    this.pino.info({ context, msg: message });
    this.pino.level = level;
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = (level === 'error' || level === 'fatal') && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields =
      message instanceof Error
        ? { msg: message.message, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? (message as Record<string, unknown>)
          : { msg: String(message) };
    this.pino[level]({ context, ...fields, ...(stack ? { stack } : {}) });
  }
}
