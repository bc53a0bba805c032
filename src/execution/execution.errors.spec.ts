import { Backoffs } from 'bullmq';
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

  it('computes the same exponential backoff as BullMQ, and is the delay BullMQ applies through the worker', async () => {
    for (const [delay, attempt] of [
      [500, 1],
      [500, 4],
      [1_000, 2],
      [50, 7],
    ]) {
      expect(retryDelayMs(delay, attempt)).toBe(Backoffs.calculate({ type: 'exponential', delay }, attempt, new Error('x'), {} as never));
      // The worker's backoffStrategy is retryDelayMs: what BullMQ computes for a job's custom backoff.
      const strategy = (attemptsMade: number) => retryDelayMs(delay, attemptsMade);
      expect(await Backoffs.calculate({ type: 'custom' }, attempt, new Error('x'), {} as never, strategy)).toBe(retryDelayMs(delay, attempt));
    }
  });
});
