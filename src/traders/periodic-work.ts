import type { Logger } from '@nestjs/common';

/**
 * Runs `work` every `everyMs` in this process (the timer does not keep it alive), never twice at once (a run still
 * going skips the tick), a failure logged as a warning naming `what`. Returns what stops it.
 */
export function runEvery(everyMs: number, work: () => Promise<unknown>, logger: Logger, what: string): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    work()
      .catch((error: unknown) => logger.warn(`${what} skipped: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, everyMs).unref();
  return () => clearInterval(timer);
}
