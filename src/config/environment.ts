import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { AppConfig } from './app-config.js';
import { DELAY_RANGE_PATTERN, parseDelayRange } from './delay-range.js';
import { parseExtraTokens } from './extra-tokens.js';
import { parseApiKeys } from '../auth/api-key.js';
import type { Token } from '../tokens/token.js';

const HOST_PORT_LIST = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;
const DELAY_MESSAGE = '$property must be a number of milliseconds or a range "min-max"';

/** Every environment variable the engine reads, with its rule and default. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @IsOptional()
  @IsIn(['all', 'api', 'worker'])
  ENGINE_ROLE: string = 'all';

  @IsOptional()
  @Matches(/^[A-Za-z0-9.:_-]+$/, { message: '$property must be a host name or an IP address' })
  HOST: string = '0.0.0.0';

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';

  /** `json`: one JSON object per line (the default with NODE_ENV=production); `pretty`: for people (the default otherwise). */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** One access line per HTTP request (health checks excepted). */
  @IsOptional()
  @IsIn(['on', 'off'])
  ACCESS_LOG: 'on' | 'off' = 'on';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 16 * 1024;

  @IsOptional()
  @Matches(/^wss?:\/\/[^\s]+$/, { message: '$property must be a ws:// or wss:// URL' })
  PUBLIC_WS_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: '$property must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be a comma-separated list of host:port' })
  REDIS_CLUSTER_NODES?: string;

  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be a comma-separated list of host:port' })
  REDIS_SENTINELS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: '$property must name the Sentinel master set' })
  REDIS_SENTINEL_MASTER: string = 'mymaster';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_EMBEDDED_PORT: number = 6379;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]+$/, { message: '$property may hold letters, digits, ":", "_" and "-"' })
  REDIS_KEY_PREFIX: string = 'oee';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: '$property must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR: string = './data';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_EMBEDDED_PORT: number = 5433;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_INFLIGHT_SUBMITS: number = 256;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  WS_HEARTBEAT_MS: number = 30_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  WS_MAX_BUFFERED_BYTES: number = 8 * 1024 * 1024;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  QUEUE_CONCURRENCY: number = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  QUEUE_RATE_MAX: number = 100;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  QUEUE_RATE_WINDOW_MS: number = 60_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ORDER_ATTEMPTS: number = 3;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  ORDER_BACKOFF_MS: number = 1_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  QUEUE_LOCK_DURATION_MS: number = 15_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(500)
  QUEUE_STALLED_INTERVAL_MS: number = 5_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60_000)
  QUOTE_TIMEOUT_MS: number = 1_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5_000)
  DEFAULT_SLIPPAGE_BPS: number = 50;

  @IsOptional()
  @Matches(DELAY_RANGE_PATTERN, { message: DELAY_MESSAGE })
  SIM_QUOTE_DELAY_MS: string = '150-250';

  @IsOptional()
  @Matches(DELAY_RANGE_PATTERN, { message: DELAY_MESSAGE })
  SIM_SETTLE_DELAY_MS: string = '2000-3000';

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  SIM_FAILURE_RATE: number = 0;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  SIM_SEED?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PRICE_SAMPLE_MS: number = 5_000;

  /** The simulated market's control endpoints (`/api/simulation/*`): on by default, off with NODE_ENV=production unless set to on. */
  @IsOptional()
  @IsIn(['on', 'off'])
  SIM_CONTROL?: 'on' | 'off';

  /** A random token launch on the simulated market this often (one across every process); 0: off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SIM_LAUNCH_EVERY_MS: number = 0;

  /** How often resting orders are checked against the market (besides every pool change this process sees). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  TRIGGER_INTERVAL_MS: number = 250;

  @IsOptional()
  @IsString()
  EXTRA_TOKENS?: string;

  /** Requests per caller (API key, or address when open) per RATE_LIMIT_WINDOW_MS, across every process; 0: no limit. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_SUBMITS: number = 1_200;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_READS: number = 6_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS: number = 60_000;

  /** Open WebSocket connections per caller across every API process; 0: no cap. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_WS_CONNECTIONS: number = 1_000;

  /** Orders one WebSocket connection follows at once (`"*"` counts as one); 0: no cap. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_WS_SUBSCRIPTIONS: number = 10_000;

  /** Browser origins allowed to call the API (comma-separated, or *); unset: same origin only. */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)$/, {
    message: 'CORS_ORIGINS must be * or origins like https://desk.example, comma-separated',
  })
  CORS_ORIGINS?: string;

  /** Which proxies' X-Forwarded-For to trust: a hop count (1: the nearest), or addresses/CIDRs (comma-separated); unset: none. */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be a hop count (e.g. 1) or addresses/CIDRs, comma-separated' })
  TRUST_PROXY?: string;

  /** Serve the metrics on this port too (any role: workers have no other HTTP). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  METRICS_PORT?: number;

  /** `name:key[:admin],…`: with keys set, every order belongs to the key that placed it. */
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  /** `off` allows running open (no API_KEYS) with NODE_ENV=production, where the engine otherwise refuses to start; keys, when set, still apply. */
  @IsOptional()
  @IsIn(['on', 'off'])
  AUTH?: 'on' | 'off';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Validates the environment and builds the typed configuration; throws on any invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const { vars, problems, invalid } = validateEnvironment(env);
  // Every problem at once, so that one boot names every bad variable.
  const quoteDelay = invalid.has('SIM_QUOTE_DELAY_MS') ? undefined : parseDelayRange(vars.SIM_QUOTE_DELAY_MS);
  const settleDelay = invalid.has('SIM_SETTLE_DELAY_MS') ? undefined : parseDelayRange(vars.SIM_SETTLE_DELAY_MS);
  if (!quoteDelay && !invalid.has('SIM_QUOTE_DELAY_MS')) problems.push('SIM_QUOTE_DELAY_MS range must have min <= max');
  if (!settleDelay && !invalid.has('SIM_SETTLE_DELAY_MS')) problems.push('SIM_SETTLE_DELAY_MS range must have min <= max');
  const extraTokens = parseExtraTokens(vars.EXTRA_TOKENS);
  if (!Array.isArray(extraTokens)) problems.push(extraTokens.problem);
  const apiKeys = invalid.has('API_KEYS') ? [] : parseApiKeys(vars.API_KEYS);
  if (!Array.isArray(apiKeys)) problems.push(apiKeys.problem);
  else if (vars.AUTH === 'on' && apiKeys.length === 0) problems.push('AUTH=on needs API_KEYS (name:key[:admin],…)');
  else if (apiKeys.length === 0 && vars.NODE_ENV === 'production' && vars.AUTH !== 'off') {
    problems.push('NODE_ENV=production needs API_KEYS (name:key[:admin],…), or AUTH=off to run open on purpose');
  }
  if (problems.length > 0 || !quoteDelay || !settleDelay || !Array.isArray(extraTokens) || !Array.isArray(apiKeys)) throw new ConfigValidationError(problems);
  return new AppConfig({
    logLevel: vars.LOG_LEVEL as AppConfig['logLevel'],
    logFormat: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'production' ? 'json' : 'pretty'),
    accessLog: vars.ACCESS_LOG === 'on',
    http: {
      host: vars.HOST,
      port: vars.PORT,
      bodyLimitBytes: vars.BODY_LIMIT_BYTES,
      publicWsUrl: vars.PUBLIC_WS_URL?.replace(/\/+$/, ''),
    },
    role: vars.ENGINE_ROLE as AppConfig['role'],
    maxInflightSubmits: vars.MAX_INFLIGHT_SUBMITS,
    ws: { heartbeatMs: vars.WS_HEARTBEAT_MS, maxBufferedBytes: vars.WS_MAX_BUFFERED_BYTES },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    redis: {
      url: vars.REDIS_URL,
      clusterNodes: parseHostPorts(vars.REDIS_CLUSTER_NODES),
      sentinels: parseHostPorts(vars.REDIS_SENTINELS),
      sentinelMaster: vars.REDIS_SENTINEL_MASTER,
      embeddedPort: vars.REDIS_EMBEDDED_PORT,
      keyPrefix: vars.REDIS_KEY_PREFIX,
    },
    database: { url: vars.DATABASE_URL, embeddedPort: vars.DATABASE_EMBEDDED_PORT, poolSize: vars.DATABASE_POOL_SIZE },
    dataDir: vars.DATA_DIR,
    queue: {
      concurrency: vars.QUEUE_CONCURRENCY,
      rateMax: vars.QUEUE_RATE_MAX,
      rateWindowMs: vars.QUEUE_RATE_WINDOW_MS,
      attempts: vars.ORDER_ATTEMPTS,
      backoffMs: vars.ORDER_BACKOFF_MS,
      lockDurationMs: vars.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: vars.QUEUE_STALLED_INTERVAL_MS,
    },
    tokens: { extra: extraTokens as Token[] },
    // AUTH=off only allows running open; keys, when given, always apply.
    auth: { keys: apiKeys },
    metricsPort: vars.METRICS_PORT,
    edge: {
      corsOrigins:
        vars.CORS_ORIGINS === undefined
          ? []
          : vars.CORS_ORIGINS.split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
      trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    },
    rateLimits: {
      submits: vars.RATE_LIMIT_SUBMITS,
      reads: vars.RATE_LIMIT_READS,
      windowMs: vars.RATE_LIMIT_WINDOW_MS,
      wsConnections: vars.RATE_LIMIT_WS_CONNECTIONS,
      wsSubscriptions: vars.RATE_LIMIT_WS_SUBSCRIPTIONS,
    },
    routing: { quoteTimeoutMs: vars.QUOTE_TIMEOUT_MS, defaultSlippageBps: vars.DEFAULT_SLIPPAGE_BPS },
    triggers: { intervalMs: vars.TRIGGER_INTERVAL_MS },
    simulation: {
      quoteDelay: quoteDelay!,
      settleDelay: settleDelay!,
      failureRate: vars.SIM_FAILURE_RATE,
      priceSampleMs: vars.PRICE_SAMPLE_MS,
      control: (vars.SIM_CONTROL ?? (vars.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
      launchEveryMs: vars.SIM_LAUNCH_EVERY_MS,
      seed: vars.SIM_SEED,
    },
  });
}

/** Every variable the engine reads: those with a default and those with a rule (optional ones have no default). */
const VARIABLE_NAMES = [
  ...new Set([
    ...Object.keys(new EnvironmentVariables()),
    ...getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', false, false)
      .map((m) => m.propertyName),
  ]),
];

function validateEnvironment(env: Record<string, string | undefined>): { vars: EnvironmentVariables; problems: string[]; invalid: Set<string> } {
  const known = Object.fromEntries(VARIABLE_NAMES.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const vars = plainToInstance(EnvironmentVariables, known);
  const errors = validateSync(vars, { whitelist: true });
  return {
    vars,
    problems: errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${m} (got "${String(e.value)}")`)),
    invalid: new Set(errors.map((e) => e.property)),
  };
}

function parseHostPorts(list: string | undefined): { host: string; port: number }[] {
  if (!list) return [];
  return list.split(',').map((entry) => {
    const [host, port] = entry.trim().split(':');
    return { host, port: Number(port) };
  });
}

function parseTrustProxy(text: string | undefined): number | string[] | false {
  if (text === undefined) return false;
  return /^\d+$/.test(text) ? Number(text) : text.split(',').map((entry) => entry.trim());
}
