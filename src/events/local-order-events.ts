import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';

/**
 * Lifecycle events published in this process, handed to this process's own
 * listeners at once rather than through Redis and back: one process running
 * both roles (the default) parses none of its own events again. `source`
 * names this process on the Redis channel, so that its subscriber skips the
 * copy Redis echoes back.
 */
@Injectable()
export class LocalOrderEvents {
  readonly source = randomUUID();
  private readonly logger = new Logger(LocalOrderEvents.name);
  private readonly listeners = new Set<(events: readonly OrderLifecycleEvent[]) => void>();

  /** To every listener; one that throws is logged and does not keep the events from the others (or from Redis). */
  emit(events: readonly OrderLifecycleEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error(`a listener of this process's order events failed: ${(error as Error).stack ?? error}`);
      }
    }
  }

  listen(listener: (events: readonly OrderLifecycleEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
