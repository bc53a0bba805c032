import { DomainError } from '../common/errors/domain.error.js';
import type { ErrorView } from '../contracts/order-lifecycle.js';

/** An attempt failed; the order is now `retrying` and BullMQ will run the next attempt. */
export class AttemptFailedError extends Error {
  constructor(readonly failure: ErrorView) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/** The order failed for good and is stored as `failed`; BullMQ must not retry. */
export class OrderFailedError extends Error {
  constructor(readonly failure: ErrorView) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/** This run no longer owns the order (a newer run claimed it, or it is terminal). */
export class RunSupersededError extends DomainError {
  readonly code = 'RUN_SUPERSEDED';

  constructor(orderId: string) {
    super(`order ${orderId} is owned by another execution run`);
  }
}

export class UnknownTokenError extends DomainError {
  readonly code = 'UNKNOWN_TOKEN';

  constructor(mint: string) {
    super(`token ${mint} is no longer in the registry`);
  }
}

interface FailureVerdict extends ErrorView {
  readonly retryable: boolean;
}

/** Known domain errors keep their code and retry policy; anything else is retried as internal. */
export function judgeFailure(error: unknown): FailureVerdict {
  if (error instanceof DomainError) return { code: error.code, message: error.message, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message, retryable: true };
}

/** The wait before attempt `failedAttempt + 1`, as BullMQ's exponential backoff computes it. */
export const retryDelayMs = (backoffMs: number, failedAttempt: number): number => Math.round(2 ** (failedAttempt - 1) * backoffMs);
