import { Injectable } from '@nestjs/common';

/**
 * Whether this process is shutting down: set first thing on SIGTERM, before
 * the workers drain and the sockets close, so that readiness turns false and
 * new orders are refused (503) while the rest finishes.
 */
@Injectable()
export class ShutdownState {
  private startedAt?: number;

  begin(): void {
    this.startedAt ??= Date.now();
  }

  get stopping(): boolean {
    return this.startedAt !== undefined;
  }
}
