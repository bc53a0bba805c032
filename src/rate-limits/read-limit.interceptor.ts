import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { callerOf } from './caller.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Health checks are for load balancers and orchestrators: never limited. */
const UNLIMITED = /^\/api\/health(\/|$)/;

/** Every read (GET under /api) spends the caller's read budget; past it, 429 RATE_LIMITED with Retry-After. */
@Injectable()
export class ReadLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.limits.limits('read')) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' || !path.startsWith('/api/') || UNLIMITED.test(path)) return next.handle();
    return from(this.limits.spend('read', callerOf(request.principal, request.ip))).pipe(switchMap(() => next.handle()));
  }
}
