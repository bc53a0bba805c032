/** A caller's budget after a request spent from it. */
export interface Budget {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window ends and the budget is whole again. */
  readonly resetSeconds: number;
}

/** The IETF draft's RateLimit-* response headers for a budget (exposed to browsers by CORS). */
export const budgetHeaders = (budget: Budget): Record<string, string> => ({
  'ratelimit-limit': String(budget.limit),
  'ratelimit-remaining': String(budget.remaining),
  'ratelimit-reset': String(budget.resetSeconds),
});

/** The headers a browser's script may read on a cross-origin answer. */
export const EXPOSED_HEADERS = ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'] as const;
