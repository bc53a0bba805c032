import { ConfigValidationError, loadConfig } from './environment.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(config.redis.url).toBeUndefined();
    expect(config.queue).toMatchObject({ concurrency: 10, rateMax: 100, rateWindowMs: 60_000, attempts: 3 });
    expect(config.simulation).toMatchObject({ quoteDelay: { minMs: 150, maxMs: 250 }, settleDelay: { minMs: 2000, maxMs: 3000 }, failureRate: 0 });
    expect(config.database).toEqual({ url: undefined, embeddedPort: 5433, poolSize: 10 });
    expect(config.role).toBe('all');
  });

  it('reads numbers, ranges and URLs', () => {
    const config = loadConfig({
      PORT: '8080',
      QUEUE_CONCURRENCY: '4',
      SIM_QUOTE_DELAY_MS: '0',
      SIM_SETTLE_DELAY_MS: '10 - 20',
      SIM_FAILURE_RATE: '0.25',
      REDIS_URL: 'redis://cache:6380/2',
      DATABASE_URL: 'postgres://u:p@db/oee',
    });
    expect(config.http.port).toBe(8080);
    expect(config.queue.concurrency).toBe(4);
    expect(config.simulation.quoteDelay).toEqual({ minMs: 0, maxMs: 0 });
    expect(config.simulation.settleDelay).toEqual({ minMs: 10, maxMs: 20 });
    expect(config.simulation.failureRate).toBe(0.25);
    expect(config.redis.url).toBe('redis://cache:6380/2');
    expect(config.database.url).toBe('postgres://u:p@db/oee');
  });

  it('refuses invalid values, naming each variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', QUEUE_CONCURRENCY: '0', SIM_SETTLE_DELAY_MS: 'slow', SIM_FAILURE_RATE: '2', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const text = (error as Error).message;
      for (const name of ['PORT', 'QUEUE_CONCURRENCY', 'SIM_SETTLE_DELAY_MS', 'SIM_FAILURE_RATE', 'REDIS_URL']) expect(text).toContain(name);
    }
    expect(() => loadConfig({ SIM_QUOTE_DELAY_MS: '300-100' })).toThrow('min <= max');
  });

  it('adds tokens from EXTRA_TOKENS and refuses malformed entries', () => {
    const wif = { symbol: 'wif', mint: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', decimals: 6, referenceUsd: 2.1 };
    expect(loadConfig({ EXTRA_TOKENS: JSON.stringify([wif]) }).tokens.extra).toEqual([
      { symbol: 'WIF', name: 'wif', mint: wif.mint, decimals: 6, native: false, referenceUsd: 2.1 },
    ]);
    expect(() => loadConfig({ EXTRA_TOKENS: '{' })).toThrow('EXTRA_TOKENS must be a JSON array');
    expect(() => loadConfig({ EXTRA_TOKENS: JSON.stringify([{ ...wif, mint: '0xabc' }]) })).toThrow('EXTRA_TOKENS[0].mint');
    expect(() => loadConfig({ EXTRA_TOKENS: JSON.stringify([{ ...wif, decimals: 19 }]) })).toThrow('EXTRA_TOKENS[0].decimals');
  });
});
