import { jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { runEvery } from './periodic-work.js';

describe('runEvery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const settle = () => jest.advanceTimersByTimeAsync(0);

  it('skips a tick while the previous run is still going, logs a failure as a warning, and stops when asked', async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
    let runs = 0;
    let finish!: () => void;
    const work = () => {
      runs++;
      if (runs === 1) return new Promise<void>((resolve) => (finish = resolve));
      return Promise.reject(new Error('pool busy'));
    };
    const stop = runEvery(1_000, work, logger, 'round');
    await jest.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(1);
    finish();
    await settle();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    expect(warnings).toEqual(['round skipped: pool busy']);
    stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });
});
