import { FailureLog } from './failure-log.js';

describe('FailureLog', () => {
  it('logs the first error, a reminder with the count once a minute, and the recovery once', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new FailureLog({ warn: (m: string) => lines.push(`warn ${m}`), log: (m: string) => lines.push(`log ${m}`) }, 'redis', () => now);
    log.recovered();
    for (let i = 0; i < 100; i++) {
      log.failed(new Error('ECONNREFUSED'));
      now += 1_000;
    }
    log.recovered();
    log.recovered();
    expect(lines).toEqual([
      'warn redis: ECONNREFUSED',
      'warn redis: still failing (61 errors so far; last: ECONNREFUSED)',
      'log redis: recovered after 100 error(s)',
    ]);
  });
});
