import type { QueueHold, QueueLimiterView } from '../contracts/order-lifecycle.js';

/**
 * When a job queued behind `ahead` others starts, as far as the limiter decides it (FIFO), from a reading of
 * the limiter `ageMs` old: at once while the window has room for every job ahead and this one, else in the
 * window its place falls in. With no window open (or the one read has ended), the jobs that start now open one
 * of a whole `windowMs`.
 */
export function queueHold(view: QueueLimiterView, ageMs: number, now: number, ahead = view.jobsWaiting): QueueHold | undefined {
  const windowOpen = view.windowLeftMs > ageMs;
  const roomNow = windowOpen ? Math.max(0, view.maxJobs - view.startedInWindow) : view.maxJobs;
  if (ahead < roomNow) return undefined;
  const windowsAfterThis = Math.floor((ahead - roomNow) / view.maxJobs);
  const startsInMs = (windowOpen ? view.windowLeftMs - ageMs : view.windowMs) + windowsAfterThis * view.windowMs;
  return {
    reason: 'QUEUE_RATE_LIMIT',
    message:
      `at most ${view.maxJobs} orders start per ${view.windowMs / 1000} s (QUEUE_RATE_MAX, QUEUE_RATE_WINDOW_MS) and ` +
      `${ahead} are queued ahead: expected to start in about ${Math.ceil(startsInMs / 1000)} s`,
    expectedStartAt: new Date(now + startsInMs).toISOString(),
    jobsAhead: ahead,
  };
}
