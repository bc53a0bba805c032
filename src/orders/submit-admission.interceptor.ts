import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, finalize, switchMap, tap, type Observable } from 'rxjs';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { OverloadedError, ShuttingDownError } from '../common/errors/request.errors.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { callerOf, socketCallers } from '../rate-limits/caller.js';
import { RateLimiter } from '../rate-limits/rate-limiter.service.js';
import { AppConfig } from '../config/app-config.js';
import { ShutdownState } from '../health/shutdown-state.js';

/**
 * Load shedding for submits (REST and WebSocket `execute`): past
 * MAX_INFLIGHT_SUBMITS in flight in this process, a submit is refused at
 * once (503 with Retry-After, or an OVERLOADED error frame) before it is
 * validated or touches Redis and the database, instead of queueing without
 * bound behind the others. A process that is shutting down refuses every
 * submit the same way (SHUTTING_DOWN), and a caller past its submit budget
 * (shared by every process) gets 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class SubmitAdmissionInterceptor implements NestInterceptor {
  private inFlight = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownState,
    private readonly limits: RateLimiter,
    private readonly metrics: EngineMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.shutdown.stopping) throw new ShuttingDownError();
    if (this.inFlight >= this.config.maxInflightSubmits) throw new OverloadedError(this.config.maxInflightSubmits);
    this.inFlight++;
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    // Without a submit budget nothing is counted: no round trip to Redis on the hot path.
    const admitted = this.limits.limits('submit')
      ? from(this.limits.spend('submit', callerOfContext(context))).pipe(switchMap(() => next.handle()))
      : next.handle();
    return admitted.pipe(
      tap({
        next: () => this.metrics.submitSeconds.observe({ outcome: 'accepted' }, took()),
        error: () => this.metrics.submitSeconds.observe({ outcome: 'refused' }, took()),
      }),
      finalize(() => this.inFlight--),
    );
  }
}

function callerOfContext(context: ExecutionContext): string {
  if (context.getType() === 'ws') return socketCallers.get(context.switchToWs().getClient()) ?? 'ip:unknown';
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return callerOf(request.principal, request.ip);
}
