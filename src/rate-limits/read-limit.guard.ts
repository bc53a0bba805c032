import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { budgetHeaders } from '../common/rate-limit-headers.js';
import { asRedisUnavailable } from '../common/errors/redis-unavailable.js';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import { requestCaller } from './caller.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Health checks are for load balancers and orchestrators: never limited. */
const UNLIMITED = /^\/api\/health(\/|$)/;

/**
 * Every read (GET under /api) spends the caller's read budget; past it, 429 RATE_LIMITED with Retry-After.
 * While Redis is away reads are not counted (the budget lives there) and are served all the same.
 * Runs after the ApiKeyGuard (AuthModule is loaded first), so a keyed caller spends its key's budget.
 */
@Injectable()
export class ReadLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || !this.limits.limits('read')) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' || !path.startsWith('/api/') || UNLIMITED.test(path)) return true;
    // Redis away or not answering: the read is served (PostgreSQL answers reads), uncounted, rather than refused.
    const budget = await this.limits
      .spend('read', requestCaller(request))
      .catch((error: unknown) => (error instanceof DependencyUnavailableError || asRedisUnavailable(error) ? undefined : Promise.reject(error)));
    if (budget) context.switchToHttp().getResponse<FastifyReply>().headers(budgetHeaders(budget));
    return true;
  }
}
