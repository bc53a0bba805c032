import { AllVenuesFailedError, NoRouteError, QuoteTimeoutError } from './routing.errors.js';

describe('routing errors', () => {
  it('carry a stable code, whether a retry can help, and whether a dependency is down', () => {
    const cases = [
      [new NoRouteError('SOL/XYZ'), 'NO_ROUTE', false, false, 'No venue trades SOL/XYZ'],
      [new QuoteTimeoutError(800), 'QUOTE_TIMEOUT', true, false, 'no quote within 800 ms'],
    ] as const;
    for (const [error, code, retryable, dependencyDown, message] of cases) {
      expect({ code: error.code, retryable: error.retryable, dependencyDown: error.dependencyDown, message: error.message }).toEqual({
        code,
        retryable,
        dependencyDown,
        message,
      });
    }
  });

  it('every venue failing names each venue and its error, and is worth a retry later', () => {
    const error = new AllVenuesFailedError([
      { venue: 'raydium', ok: false, error: { code: 'QUOTE_TIMEOUT', message: 'no quote within 1000 ms' }, latencyMs: 1000 },
      { venue: 'meteora', ok: false, error: { code: 'VENUE_ERROR', message: 'down' }, latencyMs: 3 },
    ]);
    expect(error).toMatchObject({ code: 'ALL_VENUES_FAILED', retryable: true, dependencyDown: true });
    expect(error.message).toBe('No venue returned a quote (raydium: no quote within 1000 ms; meteora: down)');
  });
});
