import type { Budget } from '../rate-limit-headers.js';
import { CANCELLABLE_STATUSES, type OrderStatus } from '../../contracts/order-lifecycle.js';
import type { FieldError } from '../../contracts/rest.js';
import { DomainError } from './domain.error.js';

export class RequestValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export class OrderNotFoundError extends DomainError {
  readonly code = 'ORDER_NOT_FOUND';

  constructor(readonly orderId: string) {
    super(`Order ${orderId} does not exist`);
  }
}

/** Only an order that has not started executing can be cancelled. */
export class OrderNotCancellableError extends DomainError {
  readonly code = 'ORDER_NOT_CANCELLABLE';

  constructor(
    readonly orderId: string,
    readonly orderStatus: OrderStatus,
  ) {
    super(`Order ${orderId} is ${orderStatus}: only ${CANCELLABLE_STATUSES.join(', ')} orders can be cancelled`);
  }
}

/** A launch names a token (mint or symbol) that already exists. */
export class TokenExistsError extends DomainError {
  readonly code = 'TOKEN_EXISTS';

  constructor(what: string) {
    super(`${what} already exists`);
  }
}

/** A client order id (Idempotency-Key / clientOrderId) already placed a different order. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(
    clientOrderId: string,
    readonly orderId: string,
  ) {
    super(`client order id "${clientOrderId}" already placed order ${orderId} with a different request`);
  }
}

/** No API key, or a wrong one, where one is needed. */
export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';

  /** `missing`: no key was sent; `unknown`: one was, and no key of this engine matches it. */
  constructor(readonly reason: 'missing' | 'unknown' = 'missing') {
    super(
      reason === 'missing'
        ? 'an API key is required: Authorization: Bearer <key> or X-API-Key: <key> (a WebSocket may use ?ticket= from POST /api/auth/ws-ticket)'
        : 'this API key is not valid: no key of this engine matches it (check for a typo, or a key that was removed from API_KEYS)',
    );
  }
}

/** A valid key that may not do this: an operator's page or data, for a key without `:admin`. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor(keyName: string, what: string) {
    super(`the key "${keyName}" is valid but not an admin key: ${what} needs one (an API_KEYS entry name:key:admin)`);
  }
}

/** A backing service (Redis, the database) cannot be reached: the request was not accepted. */
export class DependencyUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  override readonly dependencyDown = true;

  constructor(
    readonly dependency: 'redis' | 'database',
    cause?: unknown,
  ) {
    super(`The ${dependency === 'redis' ? 'queue (Redis)' : 'database'} is unreachable; nothing was stored or changed, try again shortly`);
    this.cause = cause;
  }
}

/** More submits are in flight than the engine takes at once: the client should retry after a moment. */
export class OverloadedError extends DomainError {
  readonly code = 'OVERLOADED';
  readonly retryAfterSeconds = 1;

  constructor(limit: number) {
    super(`The engine is at its limit of ${limit} submits in flight; the order was not accepted, retry after a second`);
  }
}

/** The process is shutting down: it takes no new orders; the client should retry (another process, or after the restart). */
export class ShuttingDownError extends DomainError {
  readonly code = 'SHUTTING_DOWN';
  readonly retryAfterSeconds = 2;
  override readonly dependencyDown = true;

  constructor() {
    super('This engine process is shutting down and takes no new orders; retry shortly');
  }
}

/** The caller used its budget of submits or reads for this window. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;

  constructor(
    kind: 'submit' | 'read',
    readonly budget: Budget,
  ) {
    super(`rate limit reached: at most ${budget.limit} ${kind === 'submit' ? 'submits' : 'reads'} per window; retry in ${budget.resetSeconds} s`);
    this.retryAfterSeconds = budget.resetSeconds;
  }
}

/** A WebSocket connection follows as many orders as it may. */
export class TooManySubscriptionsError extends DomainError {
  readonly code = 'TOO_MANY_SUBSCRIPTIONS';

  constructor(limit: number) {
    super(`this connection already follows ${limit} orders (RATE_LIMIT_WS_SUBSCRIPTIONS): unsubscribe from some first, or open another connection`);
  }
}
