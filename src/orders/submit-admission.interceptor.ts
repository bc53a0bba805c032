import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { OverloadedError, ShuttingDownError } from '../common/errors/request.errors.js';
import { AppConfig } from '../config/app-config.js';
import { ShutdownState } from '../health/shutdown-state.js';

/**
 * Load shedding for submits (REST and WebSocket `execute`): past
 * MAX_INFLIGHT_SUBMITS in flight in this process, a submit is refused at
 * once (503 with Retry-After, or an OVERLOADED error frame) before it is
 * validated or touches Redis and the database, instead of queueing without
 * bound behind the others. A process that is shutting down refuses every
 * submit the same way (SHUTTING_DOWN).
 */
@Injectable()
export class SubmitAdmissionInterceptor implements NestInterceptor {
  private inFlight = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownState,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.shutdown.stopping) throw new ShuttingDownError();
    if (this.inFlight >= this.config.maxInflightSubmits) throw new OverloadedError(this.config.maxInflightSubmits);
    this.inFlight++;
    return next.handle().pipe(finalize(() => this.inFlight--));
  }
}
