import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from '../../contracts/rest.js';
import { budgetHeaders } from '../rate-limit-headers.js';
import { asRedisUnavailable } from './redis-unavailable.js';
import { DomainError } from './domain.error.js';
import {
  OrderNotCancellableError,
  TokenExistsError,
  UnauthorizedError,
  ForbiddenError,
  RateLimitedError,
  OrderNotFoundError,
  OverloadedError,
  RequestValidationError,
} from './request.errors.js';

/** The one place errors become HTTP responses; domain code never imports HttpException. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toResponse(exception);
    // An error that says when to try again (OVERLOADED, SHUTTING_DOWN, RATE_LIMITED) sets Retry-After; any other 503 waits 2 s.
    const retryAfter = retryAfterSeconds(exception) ?? (body.statusCode === 503 ? 2 : undefined);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    if (exception instanceof RateLimitedError) void reply.headers(budgetHeaders(exception.budget));
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    void reply.status(body.statusCode).send(body);
  }

  toResponse(exception: unknown): ErrorResponse {
    if (exception instanceof RequestValidationError) {
      return { ...base(400, exception), message: 'Validation failed: ' + exception.message, errors: exception.errors };
    }
    if (exception instanceof OrderNotFoundError) return base(404, exception);
    if (exception instanceof UnauthorizedError) return base(401, exception);
    if (exception instanceof ForbiddenError) return base(403, exception);
    if (exception instanceof RateLimitedError) return base(429, exception);
    if (exception instanceof OrderNotCancellableError) return { ...base(409, exception), orderStatus: exception.orderStatus };
    if (exception instanceof TokenExistsError) return base(409, exception);
    if (exception instanceof OverloadedError || (exception instanceof DomainError && exception.dependencyDown)) return base(503, exception);
    if (exception instanceof DomainError) return base(422, exception);
    const redisAway = asRedisUnavailable(exception);
    if (redisAway) return base(503, redisAway);
    if (exception instanceof HttpException) return fromHttpException(exception);
    return { statusCode: 500, error: statusText(500), code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
}

const retryAfterSeconds = (exception: unknown): number | undefined =>
  exception instanceof DomainError && 'retryAfterSeconds' in exception ? Number(exception.retryAfterSeconds) : undefined;

function base(statusCode: number, error: DomainError): ErrorResponse {
  return { statusCode, error: statusText(statusCode), code: error.code, message: error.message };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response ? String((response as { message: unknown }).message) : exception.message;
  const code = statusCode === 400 && /JSON/.test(message) ? 'MALFORMED_JSON' : statusText(statusCode).toUpperCase().replace(/ /g, '_');
  return { statusCode, error: statusText(statusCode), code, message };
}

const statusText = (status: number): string =>
  ({
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    409: 'Conflict',
    405: 'Method Not Allowed',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    422: 'Unprocessable Entity',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  })[status] ??
  HttpStatus[status]?.toString().replace(/_/g, ' ') ??
  'Error';
