import { SettlementLatency } from '../../src/settlement/settlement-latency.js';

/**
 * Replaces the simulated settlement latency in a test: open, swaps settle at
 * once; closed, each swap waits until the test releases it, so the test acts
 * "while the swap is in flight" by design, not by racing a timer.
 */
export class SettlementGate extends SettlementLatency {
  private closed = false;
  private readonly held = new Map<string, () => void>();
  private watchers: { count: number; resolve: (signatures: string[]) => void }[] = [];

  wait(signature: string): Promise<void> {
    if (!this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.held.set(signature, resolve);
      this.watchers = this.watchers.filter((w) => (this.held.size >= w.count ? (w.resolve([...this.held.keys()]), false) : true));
    });
  }

  /** Holds every swap sent from now on. */
  close(): void {
    this.closed = true;
  }

  /** Lets every held swap and every later one through. */
  open(): void {
    this.closed = false;
    this.release();
  }

  /** Lets held swaps through (all, or the one with `signature`); the gate stays as it is. */
  release(signature?: string): void {
    for (const [held, resolve] of this.held) {
      if (signature !== undefined && held !== signature) continue;
      this.held.delete(held);
      resolve();
    }
  }

  /** Resolves with the held signatures once at least `count` swaps are held. */
  holding(count = 1): Promise<string[]> {
    if (this.held.size >= count) return Promise.resolve([...this.held.keys()]);
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }
}
