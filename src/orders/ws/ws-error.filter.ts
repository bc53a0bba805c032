import { Catch, Logger, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { DomainError } from '../../common/errors/domain.error.js';
import { asRedisUnavailable } from '../../common/errors/redis-unavailable.js';
import { OrderNotCancellableError, RequestValidationError } from '../../common/errors/request.errors.js';
import { serverFrame, type WsErrorData } from '../../contracts/ws-frames.js';

/** Answers a failed frame with an `error` frame; the connection stays open. */
@Catch()
export class WsErrorFilter implements WsExceptionFilter {
  private readonly logger = new Logger('OrdersGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const client = ws.getClient<WebSocket>();
    const event = ws.getPattern();
    if (client.readyState !== client.OPEN) return;
    client.send(JSON.stringify(serverFrame('error', { ...this.describe(exception), event })));
  }

  private describe(error: unknown): WsErrorData {
    const exception = asRedisUnavailable(error) ?? error;
    if (exception instanceof RequestValidationError) {
      return { code: exception.code, message: exception.message, errors: exception.errors };
    }
    if (exception instanceof DomainError) {
      return {
        code: exception.code,
        message: exception.message,
        ...('orderId' in exception ? { orderId: String(exception.orderId) } : {}),
        ...(exception instanceof OrderNotCancellableError ? { orderStatus: exception.orderStatus } : {}),
        ...('retryAfterSeconds' in exception ? { retryAfterSeconds: Number(exception.retryAfterSeconds) } : {}),
      };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { code: 'INTERNAL_ERROR', message: 'the server could not handle this frame' };
  }
}
