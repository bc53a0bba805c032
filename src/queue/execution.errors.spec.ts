import { NoRouteError } from '../routing/routing.errors.js';
import { SlippageExceededError } from '../settlement/settlement.errors.js';
import { judgeFailure, retryDelayMs } from './execution.errors.js';

describe('execution failures', () => {
  it('keeps the code and retry policy of domain errors', () => {
    expect(judgeFailure(new NoRouteError('RAY/BONK'))).toEqual({ code: 'NO_ROUTE', message: 'No venue trades RAY/BONK', retryable: false });
    expect(judgeFailure(new SlippageExceededError(100n, 99n))).toMatchObject({ code: 'SLIPPAGE_EXCEEDED', retryable: true });
  });

  it('retries unknown errors as internal ones', () => {
    expect(judgeFailure(new TypeError('boom'))).toEqual({ code: 'INTERNAL_ERROR', message: 'boom', retryable: true });
    expect(judgeFailure('weird')).toMatchObject({ code: 'INTERNAL_ERROR', message: 'weird' });
  });

  it('computes the same exponential backoff as BullMQ', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(500, attempt))).toEqual([500, 1_000, 2_000, 4_000]);
  });
});
