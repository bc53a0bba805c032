import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { OverloadedError, ShuttingDownError } from '../common/errors/request.errors.js';
import { ShutdownState } from '../health/shutdown-state.js';
import type { Budget } from '../common/rate-limit-headers.js';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import { RateLimiter } from '../rate-limits/rate-limiter.service.js';

/**
 * Load shedding for submits (REST and WebSocket `execute`): past
 * MAX_INFLIGHT_SUBMITS in flight in this process, a submit is refused at
 * once (503 with Retry-After, or an OVERLOADED error frame) before it is
 * validated or touches Redis and the database, instead of queueing without
 * bound behind the others. A process that is shutting down refuses every
 * submit the same way (SHUTTING_DOWN), and a caller past its submit budget
 * (shared by every process) gets 429 RATE_LIMITED with Retry-After.
 *
 * A service the edges call around their work, not an interceptor: an
 * interceptor puts every request through Nest's rxjs pipeline (docs/performance.md).
 */
@Injectable()
export class SubmitAdmission {
  private inFlight = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownState,
    private readonly limits: RateLimiter,
    private readonly metrics: EngineMetrics,
  ) {}

  /**
   * Runs `submit` (parse, store, queue) if this process admits it; `caller`: whose submit budget it spends,
   * and `onBudget` hears what is left of it (for the RateLimit-* headers).
   */
  async admit<T>(caller: string, submit: () => Promise<T>, onBudget?: (budget: Budget) => void): Promise<T> {
    if (this.shutdown.stopping) throw new ShuttingDownError();
    if (this.inFlight >= this.config.maxInflightSubmits) throw new OverloadedError(this.config.maxInflightSubmits);
    this.inFlight++;
    const started = performance.now();
    try {
      // Without a submit budget nothing is counted: no round trip to Redis on the hot path.
      const result = await (this.limits.limits('submit')
        ? this.limits.spend('submit', caller).then((budget) => (budget && onBudget?.(budget), submit()))
        : submit());
      this.metrics.submitSeconds.observe({ outcome: 'accepted' }, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.submitSeconds.observe({ outcome: 'refused' }, (performance.now() - started) / 1000);
      throw error;
    } finally {
      this.inFlight--;
    }
  }
}
