import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createFastifyAdapter } from '../../src/app.setup.js';
import { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/environment.js';
import { SqlClient } from '../../src/database/sql-client.js';
import { SettlementLatency } from '../../src/settlement/settlement-latency.js';
import { SimulationClock } from '../../src/simulation/simulation-clock.js';
import { openTestDatabase } from './database.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly baseUrl: string;
  readonly wsBaseUrl: string;
  readonly sql: SqlClient;
  /** Every line the app logged so far. */
  readonly logs: LogLine[];
  close(): Promise<void>;
}

/** Zero latency, no faults, a private Redis key prefix: each test states what it changes. */
export const FAST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  // On paper unless a test says CHAIN=solana (and gives the local network it starts): most tests are about the engine, not the chain.
  CHAIN: 'paper',
  SIM_QUOTE_DELAY_MS: '0',
  SIM_SETTLE_DELAY_MS: '0',
  SIM_FAILURE_RATE: '0',
  ORDER_BACKOFF_MS: '50',
  QUEUE_RATE_MAX: '100000',
  QUEUE_RATE_WINDOW_MS: '1000',
  // Every test's requests come from one address: budgets are tested on their own (rate-limits.e2e-spec).
  RATE_LIMIT_SUBMITS: '0',
  RATE_LIMIT_READS: '0',
  // Tests read the engine's lines from the recording logger; access lines would only be noise on stdout.
  ACCESS_LOG: 'off',
  LOG_FORMAT: 'json',
};

export function testConfig(redisUrl: string, env: Record<string, string> = {}): AppConfig {
  const prefix = `t${Math.random().toString(36).slice(2, 10)}`;
  return loadConfig({ ...FAST_ENV, REDIS_KEY_PREFIX: prefix, ...env, REDIS_URL: redisUrl });
}

/** Boots the real AppModule on Fastify + the orders WebSocket adapter, on a free port. */
export async function startTestApp(redisUrl: string, env: Record<string, string> = {}, sql?: SqlClient, options: TestAppOptions = {}): Promise<TestApp> {
  const config = testConfig(redisUrl, env);
  const logs: LogLine[] = [];
  const owned = sql ? undefined : await openTestDatabase();
  const database = sql ?? owned!;
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(SqlClient)
    .useValue(database);
  if (options.settlement) builder = builder.overrideProvider(SettlementLatency).useValue(options.settlement);
  if (options.clock) builder = builder.overrideProvider(SimulationClock).useValue(options.clock);
  const moduleRef = await builder.setLogger(recordingLogger(logs)).compile();
  const app = await configureApp(moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config)), config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    sql: database,
    logs,
    baseUrl: `http://127.0.0.1:${port}`,
    wsBaseUrl: `ws://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await owned?.dispose();
    },
  };
}

export interface TestAppOptions {
  /** Replaces the simulated settlement latency (a `SettlementGate`, say). */
  readonly settlement?: SettlementLatency;
  /** Replaces the simulated market's clock (with SIM_SEED, a fixed clock makes the market the same on every run). */
  readonly clock?: SimulationClock;
}

/** A clock that stands at `at` (ms) until moved. */
export class FixedClock extends SimulationClock {
  constructor(public at: number) {
    super();
  }

  now(): number {
    return this.at;
  }
}

export interface LogLine {
  readonly level: 'log' | 'warn' | 'error' | 'debug' | 'verbose';
  readonly message: string;
}

/** Keeps what the app logs (for tests that check it) and prints errors with TEST_VERBOSE=1. */
function recordingLogger(lines: LogLine[]) {
  const keep =
    (level: LogLine['level']) =>
    (message: unknown, ...rest: unknown[]) => {
      lines.push({
        level,
        message: [message, ...rest].map((part) => (typeof part === 'object' && part !== null ? JSON.stringify(part) : String(part))).join(' '),
      });
      if (level === 'error' && process.env.TEST_VERBOSE) console.error(message, ...rest);
    };
  return { log: keep('log'), warn: keep('warn'), error: keep('error'), debug: keep('debug'), verbose: keep('verbose') };
}

export interface EngineContext {
  readonly redis: TestRedis;
  readonly engine: TestApp;
}

/** A real redis-server and the app, started before the suite's tests and stopped after them. */
export function useEngine(env: Record<string, string> = {}, options: TestAppOptions = {}): EngineContext {
  const context = {} as { redis: TestRedis; engine: TestApp };
  beforeAll(async () => {
    context.redis = await startTestRedis();
    context.engine = await startTestApp(context.redis.url, env, undefined, options);
  });
  afterAll(async () => {
    await context.engine?.close();
    await context.redis?.remove();
  });
  return context;
}
