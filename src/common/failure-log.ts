import type { Logger } from '@nestjs/common';

const REMIND_EVERY_MS = 60_000;

/**
 * Logs a failing dependency without flooding the log: the first error, then
 * a reminder with the count at most once a minute while it keeps failing,
 * then one line when it recovers.
 */
export class FailureLog {
  private failures = 0;
  private lastLoggedAt = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log'>,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  failed(error: Error): void {
    this.failures++;
    if (this.failures === 1) {
      this.logger.warn(`${this.what}: ${error.message}`);
      this.lastLoggedAt = this.now();
    } else if (this.now() - this.lastLoggedAt >= REMIND_EVERY_MS) {
      this.logger.warn(`${this.what}: still failing (${this.failures} errors so far; last: ${error.message})`);
      this.lastLoggedAt = this.now();
    }
  }

  recovered(): void {
    if (this.failures === 0) return;
    this.logger.log(`${this.what}: recovered after ${this.failures} error(s)`);
    this.failures = 0;
  }
}
