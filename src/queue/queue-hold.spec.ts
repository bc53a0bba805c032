import type { QueueLimiterView } from '../contracts/order-lifecycle.js';
import { queueHold } from './queue-hold.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const view = (overrides: Partial<QueueLimiterView>): QueueLimiterView => ({
  maxJobs: 100,
  windowMs: 60_000,
  startedInWindow: 0,
  windowLeftMs: 30_000,
  jobsWaiting: 0,
  holding: false,
  ...overrides,
});
const startsInS = (hold: ReturnType<typeof queueHold>) => hold && (Date.parse(hold.expectedStartAt) - NOW) / 1000;

describe('queueHold: when the rate limit lets a job queued now start', () => {
  it('at once while the window has room for every job ahead and this one', () => {
    expect(queueHold(view({ startedInWindow: 50, jobsWaiting: 49 }), 0, NOW)).toBeUndefined();
  });

  it("at the window's end when its budget is spent, or its room goes to the jobs ahead", () => {
    expect(startsInS(queueHold(view({ startedInWindow: 100 }), 0, NOW))).toBe(30);
    expect(startsInS(queueHold(view({ startedInWindow: 90, jobsWaiting: 10 }), 0, NOW))).toBe(30);
  });

  it('a whole window later for every full window of jobs ahead of it', () => {
    const hold = queueHold(view({ startedInWindow: 90, jobsWaiting: 250 }), 0, NOW);
    expect(startsInS(hold)).toBe(30 + 2 * 60);
    expect(hold).toMatchObject({ reason: 'QUEUE_RATE_LIMIT', jobsAhead: 250, message: expect.stringContaining('QUEUE_RATE_MAX') });
  });

  it('counts from when the reading was taken: an old reading of a window that has ended gives a whole one', () => {
    expect(startsInS(queueHold(view({ startedInWindow: 100 }), 10_000, NOW))).toBe(20);
    expect(queueHold(view({ startedInWindow: 100, jobsWaiting: 50 }), 31_000, NOW)).toBeUndefined();
  });

  it('with no window open, the jobs starting now open one: a job past its room waits a whole window', () => {
    const none = view({ startedInWindow: 0, windowLeftMs: 0, jobsWaiting: 100 });
    expect(startsInS(queueHold(none, 0, NOW))).toBe(60);
    expect(startsInS(queueHold(none, 0, NOW, 250))).toBe(120); // 100 start now, 100 at 60 s, the rest and this one at 120 s
    expect(queueHold(none, 0, NOW, 99)).toBeUndefined();
  });
});
