import 'reflect-metadata';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { AppConfig } from './app-config.js';
import { DELAY_RANGE_PATTERN, parseDelayRange } from './delay-range.js';
import type { ConfiguredPool } from './extra-pools.js';
import { parseExtraPools } from './extra-pools.js';
import { parseExtraTokens } from './extra-tokens.js';
import { parseApiKeys } from '../auth/api-key.js';
import type { Token } from '../tokens/token.js';

const HOST_PORT_LIST = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;
const DELAY_MESSAGE = '$property must be a number of milliseconds or a range "min-max"';

/** Every environment variable the engine reads, with its rule and default. */
export class EnvironmentVariables {
  /** `development`, `production` or `test`. `production` makes JSON logs the default, needs `API_KEYS` (or `AUTH=off`) and turns the simulation control endpoints off. */
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  /** `api` (REST, WebSocket, dashboard; enqueues orders), `worker` (executes orders, fires resting ones, recovery sweep, price sampler; no HTTP) or `all` (both). */
  @IsOptional()
  @IsIn(['all', 'api', 'worker'])
  ENGINE_ROLE: string = 'all';

  /** Interface to listen on. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:_-]+$/, { message: '$property must be a host name or an IP address' })
  HOST: string = '0.0.0.0';

  /** Most verbose level logged: `error`, `warn`, `log`, `debug` or `verbose` (each includes those before it). The "listening" line is printed at every level. */
  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';

  /** `json`: one JSON object per line (pino), with fields such as `orderId`, `owner`, `context`; `pretty`: readable lines. Unset: `json` with `NODE_ENV=production`, else `pretty`. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** One line per HTTP request (health checks excepted) with its request id (the client's `X-Request-Id`, or a new one; returned as `X-Request-Id`), method, URL, status and time. */
  @IsOptional()
  @IsIn(['on', 'off'])
  ACCESS_LOG: 'on' | 'off' = 'on';

  /** HTTP and WebSocket port (0: any free port). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Largest request body; larger gets `413`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 16 * 1024;

  /** Base of `wsUrl` in responses (e.g. `wss://api.example.com`); unset: the request's Host. */
  @IsOptional()
  @Matches(/^wss?:\/\/[^\s]+$/, { message: '$property must be a ws:// or wss:// URL' })
  PUBLIC_WS_URL?: string;

  /** Redis for the queue and events. Unset (and no cluster or sentinels): the Redis on `127.0.0.1:REDIS_EMBEDDED_PORT` if one answers, otherwise the engine starts `redis-server` with append-only persistence in `DATA_DIR/redis`. */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: '$property must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** `host:port,…` of a Redis Cluster (seed nodes); `REDIS_URL`'s credentials and `rediss://` TLS apply to every node. */
  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be a comma-separated list of host:port' })
  REDIS_CLUSTER_NODES?: string;

  /** `host:port,…` of Redis Sentinels; with `REDIS_SENTINEL_MASTER` they locate the master. */
  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: '$property must be a comma-separated list of host:port' })
  REDIS_SENTINELS?: string;

  /** The Sentinel master set's name. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: '$property must name the Sentinel master set' })
  REDIS_SENTINEL_MASTER: string = 'mymaster';

  /** Port of the local Redis the engine uses or starts when no Redis is configured. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_EMBEDDED_PORT: number = 6379;

  /**
   * A Redis command of the engine's own connections (not BullMQ's, whose blocking reads wait by design)
   * without an answer after this fails, so a Redis that stops answering but keeps its connections open (a full
   * buffer, a failover) costs a request this long, not minutes: submits then get 503 and readiness turns false.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  REDIS_COMMAND_TIMEOUT_MS: number = 1_500;

  /** Prefix of every Redis key and channel, used as a hash tag (`{oee}:…`) so that on a cluster every key lives in one slot. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]+$/, { message: '$property may hold letters, digits, ":", "_" and "-"' })
  REDIS_KEY_PREFIX: string = 'oee';

  /** PostgreSQL URL (`postgres://…`). Unset: the embedded PostgreSQL (`DATABASE_EMBEDDED_PORT`). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: '$property must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded Redis and PostgreSQL keep their data; removing it resets both (docs/setup.md). */
  @IsOptional()
  @IsString()
  DATA_DIR: string = './data';

  /** Port of the embedded PostgreSQL: used if it answers (another engine process started it), else started with data in `DATA_DIR/postgres`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_EMBEDDED_PORT: number = 5433;

  /** Database connections per engine process. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** Submits being accepted at once per process; past it a submit gets `503 OVERLOADED` with `Retry-After: 1` at once. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_INFLIGHT_SUBMITS: number = 256;

  /** The server pings every WebSocket client this often; one that has not answered the previous ping is dropped. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  WS_HEARTBEAT_MS: number = 30_000;

  /** A WebSocket client with this much unsent data (it is not reading) is cut off instead of buffered without bound. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  WS_MAX_BUFFERED_BYTES: number = 8 * 1024 * 1024;

  /** On SIGTERM a worker drains its running orders for at most half of this, then leaves them to be taken over; the process exits within it whatever hangs. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** Orders executed at once by each worker process (an order holds a slot while it waits for venues and the chain). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  QUEUE_CONCURRENCY: number = 50;

  /** At most this many orders started per `QUEUE_RATE_WINDOW_MS`, across every worker (BullMQ's limiter, global to the queue). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  QUEUE_RATE_MAX: number = 100;

  /** The window of `QUEUE_RATE_MAX`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  QUEUE_RATE_WINDOW_MS: number = 60_000;

  /** Attempts per order for transient failures. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ORDER_ATTEMPTS: number = 3;

  /** First retry delay; doubles each attempt. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  ORDER_BACKOFF_MS: number = 1_000;

  /** Job lock; a crashed worker's order is taken over after it lapses. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  QUEUE_LOCK_DURATION_MS: number = 15_000;

  /** How often stalled jobs are looked for. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(500)
  QUEUE_STALLED_INTERVAL_MS: number = 5_000;

  /** Per-venue quote timeout: a slow venue is left out of the route, never waited for. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60_000)
  QUOTE_TIMEOUT_MS: number = 1_000;

  /** Most swaps in a row on one route path: 1 keeps to the pair's own pools, 2 also goes through one intermediate token. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2)
  ROUTING_MAX_HOPS: number = 2;

  /**
   * Most pool swaps in one route (one transaction): split legs and hops together. Three fit a transaction without
   * an address lookup table.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  ROUTING_MAX_SWAPS: number = 3;

  /** Pools the route search tries on each pair a path crosses: those that give most for what would cross it. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  ROUTING_POOLS_PER_HOP: number = 4;

  /**
   * What one more pool swap in a route costs in network fees, in lamports (a pool's signature is 5,000; its compute
   * units at the priority fee add little): a split or a second hop must gain more than this to be chosen.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  ROUTING_SWAP_COST_LAMPORTS: number = 5_000;

  /** Slippage tolerance of an order that does not give one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5_000)
  DEFAULT_SLIPPAGE_BPS: number = 50;

  /** Simulated quote latency: a number of milliseconds or a range `min-max`. */
  @IsOptional()
  @Matches(DELAY_RANGE_PATTERN, { message: DELAY_MESSAGE })
  SIM_QUOTE_DELAY_MS: string = '150-250';

  /** Simulated time for a swap to land: a number or a range `min-max`. */
  @IsOptional()
  @Matches(DELAY_RANGE_PATTERN, { message: DELAY_MESSAGE })
  SIM_SETTLE_DELAY_MS: string = '2000-3000';

  /** Probability that a settlement attempt is dropped (transient: retried). */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  SIM_FAILURE_RATE: number = 0;

  /** Seed of the simulated market's price paths (the same seed gives the same market in every process). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  SIM_SEED?: number;

  /** How often every pool's price (and the fair price) is sampled for `/api/prices` and the dashboard chart; 0: off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PRICE_SAMPLE_MS: number = 5_000;

  /** Serve the simulated market's control endpoints (`/api/simulation/*`: another trader's swap, a token launch). Unset: on, except with `NODE_ENV=production`. */
  @IsOptional()
  @IsIn(['on', 'off'])
  SIM_CONTROL?: 'on' | 'off';

  /** A random token launch on the simulated market this often (one across every process); 0: off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SIM_LAUNCH_EVERY_MS: number = 0;

  /**
   * On a Solana network: how often the market's arbitrageur looks for pools outside their fee band around fair
   * value and trades them back, as real transactions from its own wallet (0: never). Default 2000, 0 under `NODE_ENV=test`.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SIM_ARBITRAGE_EVERY_MS?: number;

  /**
   * On a Solana network: random swaps of other traders per minute, on every pool, as real transactions from their
   * own wallet (0: none; at most 600). Default 12, 0 under `NODE_ENV=test`. Both run on a local network only.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600)
  SIM_FLOW_SWAPS_PER_MINUTE?: number;

  /** How often resting orders are checked against the market (besides every pool change this process sees). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  TRIGGER_INTERVAL_MS: number = 250;

  /** JSON array of tokens to add, e.g. `[{"symbol":"WIF","mint":"EKpQ…","decimals":6,"referenceUsd":2.1}]` (`mint`: base58, 32 bytes; `decimals` 0–18); with `referenceUsd` both venues list it against USDC and SOL. */
  @IsOptional()
  @IsString()
  EXTRA_TOKENS?: string;

  /** JSON array of pools the simulated venues list besides their own, e.g. `[{"venue":"raydium","pair":["SOL","USDC"],"tvlUsd":2000000,"feeBps":4},{"venue":"meteora","pair":["JUP","SOL"],"tvlUsd":500000,"binStepBps":5}]` (Raydium: a constant-product pool and its fee, 1–1000 bps; Meteora: a DLMM pool, its bin step 1–500 bps and `baseFeeBps`, the bin step by default); tokens by symbol. Its id is the venue, the pair and its fee (`raydium:SOL-USDC@4`) or bin step (`meteora:JUP-SOL@bin5`). */
  @IsOptional()
  @IsString()
  EXTRA_POOLS?: string;

  /** Submits (REST and WebSocket `execute`) per caller (its API key, or its address when open) per `RATE_LIMIT_WINDOW_MS`, across every process; past it `429 RATE_LIMITED` with `Retry-After`; 0: no limit. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_SUBMITS: number = 1_200;

  /** Reads (GET under `/api`, health excepted) per caller per `RATE_LIMIT_WINDOW_MS`, across every process; past it `429 RATE_LIMITED` with `Retry-After`; 0: no limit. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_READS: number = 6_000;

  /** The window of the submit and read budgets. */
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

  /** Browser origins allowed to call the API, comma-separated, or `*`; unset: same origin only. */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)$/, {
    message: 'CORS_ORIGINS must be * or origins like https://desk.example, comma-separated',
  })
  CORS_ORIGINS?: string;

  /** Whose `X-Forwarded-For` to believe for the client's address (rate limits when open): a hop count (`1`: the nearest proxy) or proxy addresses/CIDRs, comma-separated; unset: none (the socket's address). */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be a hop count (e.g. 1) or addresses/CIDRs, comma-separated' })
  TRUST_PROXY?: string;

  /** Also serve Prometheus metrics on this port (any role: a worker has no other HTTP); `/metrics` on the API port needs an admin key when keys are set (docs/operations.md). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65_535)
  METRICS_PORT?: number;

  /** `name:key[:admin],…` (keys 16–256 characters): every `/api` route but health and tokens, and every WebSocket, needs a key (`Authorization: Bearer`, `X-API-Key`, or a `?ticket=` from `POST /api/auth/ws-ticket`); each order belongs to its key; `:admin` keys see every order (docs/security.md). Unset: the engine runs open (a warning at boot). */
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  /** `off` allows running open (no `API_KEYS`) with `NODE_ENV=production`, where the engine otherwise refuses to start; `on` requires keys. Keys, when set, always apply. */
  @IsOptional()
  @IsIn(['on', 'off'])
  AUTH?: 'on' | 'off';

  /**
   * Where swaps land: `solana`, signed transactions on a Solana network (SOLANA_RPC_URL, or a local network the
   * engine starts); `paper`, a simulated chain in Redis, for trying strategies without a network.
   */
  @IsOptional()
  @IsIn(['solana', 'paper'])
  CHAIN: 'solana' | 'paper' = 'solana';

  /** The Solana cluster's JSON-RPC URL (devnet, a provider's, a solana-test-validator). Unset with CHAIN=solana: a local network the engine starts. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: '$property must be an http:// or https:// URL' })
  SOLANA_RPC_URL?: string;

  /** The cluster's WebSocket URL for subscriptions. Unset: SOLANA_RPC_URL with ws(s):// and the next port (the validators' convention). */
  @IsOptional()
  @Matches(/^wss?:\/\/[^\s]+$/, { message: '$property must be a ws:// or wss:// URL' })
  SOLANA_WS_URL?: string;

  /** JSON-RPC port of the local Solana network the engine uses or starts (with CHAIN=solana and no SOLANA_RPC_URL). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SOLANA_EMBEDDED_RPC_PORT: number = 8899;

  /** WebSocket port of that local network. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SOLANA_EMBEDDED_WS_PORT: number = 8900;

  /** Slot time of the local network the engine starts (a validator's is about 400 ms; shorter confirms sooner). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(2_000)
  SOLANA_SLOT_MS: number = 100;

  /** The commitment a swap must reach to count as `confirmed`: `confirmed` (a supermajority voted) or `finalized`. */
  @IsOptional()
  @IsIn(['confirmed', 'finalized'])
  SOLANA_COMMITMENT: 'confirmed' | 'finalized' = 'confirmed';

  /**
   * How often a sent transaction is sent again (with `maxRetries: 0`, the engine rebroadcasts) until it lands or its
   * blockhash expires; not while the last send is unanswered, nor while the network reports the signature. A
   * local network executes every copy in full before it refuses it as already processed.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  LANDING_REBROADCAST_MS: number = 2_000;

  /** How often the statuses of every transaction in flight are read in one `getSignatureStatuses` (the fallback for a lost notification). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(60_000)
  LANDING_POLL_MS: number = 400;

  /** Compute units asked for above what the simulation consumed, in percent (state may change before it lands). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(500)
  LANDING_CU_MARGIN_PCT: number = 20;

  /** The priority fee: this percentile of the fees recently paid to write the same accounts (`getRecentPrioritizationFees`). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  PRIORITY_FEE_PERCENTILE: number = 75;

  /** The priority fee at least, in micro-lamports per compute unit. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PRIORITY_FEE_MIN_MICROLAMPORTS: number = 1_000;

  /** The priority fee at most, in micro-lamports per compute unit: a fee spike never drains a wallet. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PRIORITY_FEE_MAX_MICROLAMPORTS: number = 1_000_000;

  /**
   * Where the custodial wallets are kept: one Solana CLI keypair file per API key (`keys/<name>.json`, mode 0600;
   * `open.json` when the engine runs open), made on first use or put there by the operator. Unset: `DATA_DIR/wallets`.
   */
  @IsOptional()
  @IsString()
  WALLETS_DIR?: string;

  /** SOL the faucet gives a new wallet on a local network (0: none). */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1_000_000)
  FAUCET_SOL: number = 100;

  /** USD worth of every SPL registry token (at its reference price) the faucet gives a new wallet on a local network (0: none). */
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1_000_000_000)
  FAUCET_USD: number = 10_000;

  /** The cluster's RPC URL as clients can reach it, for `GET /api/chain` (the engine's may be a private address); unset: the engine's. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: '$property must be an http:// or https:// URL' })
  SOLANA_PUBLIC_RPC_URL?: string;

  /** The cluster's WebSocket URL as clients can reach it; unset: the engine's. */
  @IsOptional()
  @Matches(/^wss?:\/\/[^\s]+$/, { message: '$property must be a ws:// or wss:// URL' })
  SOLANA_PUBLIC_WS_URL?: string;
}

/** A validator's WebSocket: its RPC URL with ws(s):// and the next port. */
function defaultWsUrl(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port) url.port = String(Number(url.port) + 1);
  return url.toString().replace(/\/$/, '');
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
  if (
    !invalid.has('PRIORITY_FEE_MIN_MICROLAMPORTS') &&
    !invalid.has('PRIORITY_FEE_MAX_MICROLAMPORTS') &&
    vars.PRIORITY_FEE_MAX_MICROLAMPORTS < vars.PRIORITY_FEE_MIN_MICROLAMPORTS
  ) {
    problems.push(
      `PRIORITY_FEE_MAX_MICROLAMPORTS (${vars.PRIORITY_FEE_MAX_MICROLAMPORTS}) must be at least PRIORITY_FEE_MIN_MICROLAMPORTS (${vars.PRIORITY_FEE_MIN_MICROLAMPORTS})`,
    );
  }
  const extraTokens = parseExtraTokens(vars.EXTRA_TOKENS);
  if (!Array.isArray(extraTokens)) problems.push(extraTokens.problem);
  const extraPools = parseExtraPools(vars.EXTRA_POOLS);
  if (!Array.isArray(extraPools)) problems.push(extraPools.problem);
  const apiKeys = invalid.has('API_KEYS') ? [] : parseApiKeys(vars.API_KEYS);
  if (!Array.isArray(apiKeys)) problems.push(apiKeys.problem);
  else if (vars.AUTH === 'on' && apiKeys.length === 0) problems.push('AUTH=on needs API_KEYS (name:key[:admin],…)');
  else if (apiKeys.length === 0 && vars.NODE_ENV === 'production' && vars.AUTH !== 'off') {
    problems.push('NODE_ENV=production needs API_KEYS (name:key[:admin],…), or AUTH=off to run open on purpose');
  }
  if (problems.length > 0 || !quoteDelay || !settleDelay || !Array.isArray(extraTokens) || !Array.isArray(extraPools) || !Array.isArray(apiKeys)) {
    throw new ConfigValidationError(problems);
  }
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
      commandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS,
    },
    database: { url: vars.DATABASE_URL, embeddedPort: vars.DATABASE_EMBEDDED_PORT, poolSize: vars.DATABASE_POOL_SIZE },
    dataDir: vars.DATA_DIR,
    wallets: { dir: vars.WALLETS_DIR ?? join(vars.DATA_DIR, 'wallets'), faucetSol: vars.FAUCET_SOL, faucetUsd: vars.FAUCET_USD },
    chain: {
      mode: vars.CHAIN,
      rpcUrl: vars.SOLANA_RPC_URL,
      wsUrl: vars.SOLANA_WS_URL ?? (vars.SOLANA_RPC_URL && defaultWsUrl(vars.SOLANA_RPC_URL)),
      embeddedRpcPort: vars.SOLANA_EMBEDDED_RPC_PORT,
      embeddedWsPort: vars.SOLANA_EMBEDDED_WS_PORT,
      slotMs: vars.SOLANA_SLOT_MS,
      commitment: vars.SOLANA_COMMITMENT,
      publicRpcUrl: vars.SOLANA_PUBLIC_RPC_URL,
      publicWsUrl: vars.SOLANA_PUBLIC_WS_URL,
    },
    landing: {
      rebroadcastMs: vars.LANDING_REBROADCAST_MS,
      pollMs: vars.LANDING_POLL_MS,
      computeUnitMargin: 1 + vars.LANDING_CU_MARGIN_PCT / 100,
      priorityFee: {
        percentile: vars.PRIORITY_FEE_PERCENTILE,
        floor: BigInt(vars.PRIORITY_FEE_MIN_MICROLAMPORTS),
        cap: BigInt(vars.PRIORITY_FEE_MAX_MICROLAMPORTS),
      },
    },
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
    routing: {
      quoteTimeoutMs: vars.QUOTE_TIMEOUT_MS,
      defaultSlippageBps: vars.DEFAULT_SLIPPAGE_BPS,
      maxHops: vars.ROUTING_MAX_HOPS,
      maxSwaps: vars.ROUTING_MAX_SWAPS,
      poolsPerHop: vars.ROUTING_POOLS_PER_HOP,
      swapCostLamports: BigInt(vars.ROUTING_SWAP_COST_LAMPORTS),
    },
    triggers: { intervalMs: vars.TRIGGER_INTERVAL_MS },
    simulation: {
      quoteDelay: quoteDelay!,
      settleDelay: settleDelay!,
      failureRate: vars.SIM_FAILURE_RATE,
      priceSampleMs: vars.PRICE_SAMPLE_MS,
      control: (vars.SIM_CONTROL ?? (vars.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
      launchEveryMs: vars.SIM_LAUNCH_EVERY_MS,
      arbitrageEveryMs: vars.SIM_ARBITRAGE_EVERY_MS ?? (vars.NODE_ENV === 'test' ? 0 : 2_000),
      flowSwapsPerMinute: vars.SIM_FLOW_SWAPS_PER_MINUTE ?? (vars.NODE_ENV === 'test' ? 0 : 12),
      seed: vars.SIM_SEED,
      extraPools: extraPools as ConfiguredPool[],
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
    // What the variable said, as written (a number that is not one is said once: not as NaN against every bound).
    problems: errors.flatMap((e) =>
      typeof e.value === 'number' && Number.isNaN(e.value)
        ? [`${e.property} must be a number (got "${known[e.property]}")`]
        : Object.values(e.constraints ?? {}).map((m) => `${m} (got "${known[e.property] ?? String(e.value)}")`),
    ),
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
