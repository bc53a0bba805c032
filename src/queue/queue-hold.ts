import type { QueueHold, QueueLimiterView } from '../contracts/order-lifecycle.js';

/**
 * When a job queued behind `view.jobsWaiting` others starts, as far as the limiter decides it (FIFO): at once
 * while the window has room for every job ahead and this one, else in the window its place falls in.
 */
export function queueHold(view: QueueLimiterView, ageMs: number, now: number): QueueHold | undefined {
  const roomNow = view.windowLeftMs > ageMs ? Math.max(0, view.maxJobs - view.startedInWindow) : view.maxJobs;
  const ahead = view.jobsWaiting;
  if (ahead < roomNow) return undefined;
  const windowsAfterThis = Math.floor((ahead - roomNow) / view.maxJobs);
  const startsInMs = Math.max(0, view.windowLeftMs - ageMs) + windowsAfterThis * view.windowMs;
  return {
    reason: 'QUEUE_RATE_LIMIT',
    message:
      `at most ${view.maxJobs} orders start per ${view.windowMs / 1000} s (QUEUE_RATE_MAX, QUEUE_RATE_WINDOW_MS) and ` +
      `${ahead} are queued ahead: expected to start in about ${Math.ceil(startsInMs / 1000)} s`,
    expectedStartAt: new Date(now + startsInMs).toISOString(),
    jobsAhead: ahead,
  };
}
