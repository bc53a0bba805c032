import { getMetadataStorage } from 'class-validator';
import { ConfigValidationError, EnvironmentVariables, loadConfig } from './environment.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(config.redis.url).toBeUndefined();
    expect(config.queue).toMatchObject({ concurrency: 50, rateMax: 100, rateWindowMs: 60_000, attempts: 3 });
    expect(config.simulation).toMatchObject({ quoteDelay: { minMs: 150, maxMs: 250 }, settleDelay: { minMs: 2000, maxMs: 3000 }, failureRate: 0 });
    expect(config.database).toEqual({ url: undefined, embeddedPort: 5433, poolSize: 10 });
    expect(config.role).toBe('all');
    // Swaps are real transactions by default, on the local network the engine starts (no SOLANA_RPC_URL).
    expect(config.chain).toMatchObject({ mode: 'solana', rpcUrl: undefined, commitment: 'confirmed' });
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

  it('says a number that is not one once, with the value as written (not NaN against every bound)', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(new ConfigValidationError(['PORT must be a number (got "abc")']));
    expect(() => loadConfig({ PRIORITY_FEE_MIN_MICROLAMPORTS: '5000', PRIORITY_FEE_MAX_MICROLAMPORTS: '1000' })).toThrow(
      new ConfigValidationError(['PRIORITY_FEE_MAX_MICROLAMPORTS (1000) must be at least PRIORITY_FEE_MIN_MICROLAMPORTS (5000)']),
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT must not be greater than 65535 (got "70000")');
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

  /** One bad value per variable the engine reads (DATA_DIR, any path, is checked when the embedded services start). */
  const BAD_VALUES: Record<string, string> = {
    NODE_ENV: 'prod',
    ENGINE_ROLE: 'both',
    HOST: 'not a host',
    LOG_LEVEL: 'loud',
    EXTRA_POOLS: '[{"venue":"orca","pair":["SOL","USDC"],"tvlUsd":1}]',
    ROUTING_MAX_HOPS: '3',
    ROUTING_MAX_SWAPS: '4',
    ROUTING_POOLS_PER_HOP: '0',
    ROUTING_SWAP_COST_LAMPORTS: '-1',
    PORT: '70000',
    BODY_LIMIT_BYTES: '100',
    PUBLIC_WS_URL: 'http://example.com',
    REDIS_URL: 'http://localhost:6379',
    REDIS_CLUSTER_NODES: 'node-a',
    REDIS_SENTINELS: 'sentinel:port',
    REDIS_SENTINEL_MASTER: 'my master',
    REDIS_EMBEDDED_PORT: '0',
    REDIS_KEY_PREFIX: 'a b',
    REDIS_COMMAND_TIMEOUT_MS: '50',
    CHAIN: 'ethereum',
    SOLANA_RPC_URL: 'ftp://x',
    SOLANA_WS_URL: 'http://x',
    SOLANA_EMBEDDED_RPC_PORT: '0',
    SOLANA_EMBEDDED_WS_PORT: '70000',
    SOLANA_SLOT_MS: '5',
    SOLANA_COMMITMENT: 'processed',
    SOLANA_PUBLIC_RPC_URL: 'x',
    SOLANA_PUBLIC_WS_URL: 'http://x',
    FAUCET_SOL: '-1',
    FAUCET_USD: 'lots',
    LANDING_REBROADCAST_MS: '10',
    LANDING_POLL_MS: '0',
    LANDING_CU_MARGIN_PCT: '-5',
    PRIORITY_FEE_PERCENTILE: '101',
    PRIORITY_FEE_MIN_MICROLAMPORTS: '-1',
    PRIORITY_FEE_MAX_MICROLAMPORTS: '1.5',
    DATABASE_URL: 'mysql://localhost/oee',
    DATABASE_EMBEDDED_PORT: 'five',
    DATABASE_POOL_SIZE: '0',
    MAX_INFLIGHT_SUBMITS: '0',
    WS_HEARTBEAT_MS: '10',
    SIM_CONTROL: 'maybe',
    SIM_LAUNCH_EVERY_MS: '-5',
    SIM_ARBITRAGE_EVERY_MS: '-1',
    SIM_FLOW_SWAPS_PER_MINUTE: '1.5',
    API_KEYS: 'alice:short',
    AUTH: 'maybe',
    METRICS_PORT: '70000',
    ACCESS_LOG: 'maybe',
    LOG_FORMAT: 'xml',
    TRUST_PROXY: 'everyone',
    CORS_ORIGINS: 'desk.example',
    RATE_LIMIT_SUBMITS: '-1',
    RATE_LIMIT_READS: 'many',
    RATE_LIMIT_WINDOW_MS: '10',
    RATE_LIMIT_WS_CONNECTIONS: '1.5',
    RATE_LIMIT_WS_SUBSCRIPTIONS: '-3',
    TRIGGER_INTERVAL_MS: '5',
    WS_MAX_BUFFERED_BYTES: '1000',
    SHUTDOWN_TIMEOUT_MS: '10',
    QUEUE_CONCURRENCY: '0',
    QUEUE_RATE_MAX: '0',
    QUEUE_RATE_WINDOW_MS: '1.5',
    ORDER_ATTEMPTS: '0',
    ORDER_BACKOFF_MS: '-5',
    QUEUE_LOCK_DURATION_MS: '10',
    QUEUE_STALLED_INTERVAL_MS: '10',
    QUOTE_TIMEOUT_MS: '0',
    DEFAULT_SLIPPAGE_BPS: '20000',
    SIM_QUOTE_DELAY_MS: 'slow',
    SIM_SETTLE_DELAY_MS: '3000-2000',
    SIM_FAILURE_RATE: '2',
    SIM_SEED: 'abc',
    PRICE_SAMPLE_MS: '-1',
    EXTRA_TOKENS: '{',
  };

  it('has a bad value in this table for every variable it validates', () => {
    const validated = [
      ...new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(EnvironmentVariables, '', false, false)
          .map((m) => m.propertyName),
      ),
    ];
    // Any text is a directory name: nothing to refuse in DATA_DIR or WALLETS_DIR.
    expect(validated.filter((name) => !['DATA_DIR', 'WALLETS_DIR'].includes(name)).sort()).toEqual(Object.keys(BAD_VALUES).sort());
  });

  it.each(Object.entries(BAD_VALUES))('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('names every bad variable of one environment at once', () => {
    expect(() => loadConfig(BAD_VALUES)).toThrow(ConfigValidationError);
    const message = (() => {
      try {
        return loadConfig(BAD_VALUES) && '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of Object.keys(BAD_VALUES)) expect(message).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
