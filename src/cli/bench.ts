// `npm run bench`: measures the engine end to end, as a user runs it, beside
// the reference server (the same architecture with no work in it) on the same
// load, so every report shows the engine as a ratio of its bound. It starts a
// private redis-server and PostgreSQL (or uses --database-url, in a schema of
// its own that it drops afterwards), the engine in its own process(es), and
// drives them from this process over HTTP and WebSocket.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import type { OrderAcceptedResponse } from '../contracts/rest.js';
import { stopChild } from '../local-services/child-process.js';
import { freePort } from '../local-services/free-port.js';
import { loadConfig } from '../config/environment.js';
import { ensureLocalPostgres } from '../local-services/embedded-postgres.js';
import { startRedisServer, waitUntilAnswering } from '../local-services/embedded-redis.js';
import { ensureLocalSolana } from '../local-services/embedded-solana.js';
import { networkLimit } from './bench-chain.js';
import { runRoutingBench } from './bench-routing.js';
import { Target, cpuMsOf, databaseCpuMs, databaseMemory, stopAllTargets, type MemoryReading, type ProcessLayout } from './bench-targets.js';
import { triggerScenario, type TriggerScenarioResult } from './bench-triggers.js';
import { argValue, parseCount } from './cli-args.js';
import { percentile } from './percentile.js';

interface Options {
  processes?: ProcessLayout;
  orders: number;
  clients: number;
  soak: number;
  pacedRate: number;
  pacedSeconds: number;
  burst: number;
  defaultOrders: number;
  databaseUrl?: string;
  json: boolean;
  skipReference: boolean;
  skipSoak: boolean;
  skipBurst: boolean;
  skipDefault: boolean;
  resting: number;
  crossing: number;
  skipTriggers: boolean;
  chainOrders: number;
  skipChain: boolean;
}

const ORDER_BODY = JSON.stringify({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.5', slippageBps: 100 });
const TERMINAL = new Set(['confirmed', 'failed']);

const USAGE = `Usage: npm run bench [-- options]   (several minutes; docs/performance.md explains every figure)

  --processes api=1,worker=2   the engine as a fleet (the cluster launcher) instead of one process
  --orders 3000 --clients 100  the throughput run: orders submitted as fast as the clients can
  --paced-rate 300 --paced-seconds 10   the submit-latency run
  --soak 20000                 the memory run (RSS after 5,000 and after all)
  --burst 5000                 submits at once, each on its own connection (load shedding)
  --default-orders 100         orders at the default simulated delays, against their bound
  --resting 100000 --crossing 1000   the trigger scenario
  --chain-orders 1000          orders on a local Solana network: the network alone, the reference with chain, the engine
  --database-url postgres://…  another PostgreSQL (a schema of the bench's own, dropped afterwards)
  --json                       the figures as one JSON line
  --routing [--routing-orders 1000 --pools-per-pair 4 --timing-pools-per-pair 10 --seed 7]
                               only the route search, against the exhaustive optimum on random markets (no services)
  --skip-reference --skip-soak --skip-burst --skip-default --skip-triggers --skip-chain   leave a scenario out

Environment: BENCH_CONCURRENCY (the worker's QUEUE_CONCURRENCY), BENCH_ENGINE_NODE_ARGS (e.g. --cpu-prof),
BENCH_ENGINE_STDERR=1 (the engine's log), BENCH_REDIS_STATS=1 (Redis commands per order).`;

function parseOptions(argv: string[]): Options {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const flag = (name: string) => argv.includes(`--${name}`);
  return {
    processes: parseLayout(argValue(argv, 'processes', '')),
    orders: parseCount(argv, 'orders', '3000'),
    clients: parseCount(argv, 'clients', '100'),
    soak: parseCount(argv, 'soak', '20000'),
    pacedRate: parseCount(argv, 'paced-rate', '300'),
    pacedSeconds: parseCount(argv, 'paced-seconds', '10'),
    burst: parseCount(argv, 'burst', '5000'),
    defaultOrders: parseCount(argv, 'default-orders', '100'),
    databaseUrl: argValue(argv, 'database-url', '') || undefined,
    json: flag('json'),
    skipReference: flag('skip-reference'),
    skipSoak: flag('skip-soak'),
    skipBurst: flag('skip-burst'),
    skipDefault: flag('skip-default'),
    resting: parseCount(argv, 'resting', '100000'),
    crossing: parseCount(argv, 'crossing', '1000'),
    skipTriggers: flag('skip-triggers'),
    chainOrders: parseCount(argv, 'chain-orders', '1000'),
    skipChain: flag('skip-chain'),
  };
}

/** `api=1,worker=2` → { api: 1, worker: 2 }; empty → one engine process (ENGINE_ROLE=all). */
function parseLayout(text: string): ProcessLayout | undefined {
  if (!text) return undefined;
  const parts = Object.fromEntries(text.split(',').map((part) => part.split('=')));
  const count = (name: string) => {
    const value = Number(parts[name] ?? 0);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--processes needs ${name}=N with N ≥ 1 (got "${text}")`);
    return value;
  };
  return { api: count('api'), worker: count('worker') };
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------- the clients

interface OrderTiming {
  orderId?: string;
  submittedAt: number;
  acceptedAt: number;
  /** When its `submitted` event arrived (the swap signed and on its way). */
  sentAt?: number;
  terminalAt?: number;
  status?: string;
}

/** Error frames the clients received, by code (a refused subscribe leaves its order without events). */
const frameErrors = new Map<string, number>();

/** One client: its own WebSocket, following the orders it submits. */
class Client {
  private readonly waiting = new Map<string, OrderTiming>();
  private ready: Promise<void>;

  constructor(
    private readonly engine: Target,
    private readonly onTerminal: (timing: OrderTiming) => void,
  ) {
    const socket = new WebSocket(engine.wsUrl);
    this.socket = socket;
    this.ready = new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (raw) => this.onFrame(raw.toString()));
  }

  private readonly socket: WebSocket;

  async submit(): Promise<OrderTiming> {
    await this.ready;
    const submittedAt = performance.now();
    const response = await fetch(`${this.engine.baseUrl}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ORDER_BODY,
    });
    const accepted = (await response.json()) as OrderAcceptedResponse;
    const timing: OrderTiming = { submittedAt, acceptedAt: performance.now() };
    if (response.status !== 202) {
      timing.status = `http ${response.status}`;
      return timing;
    }
    timing.orderId = accepted.orderId;
    this.waiting.set(accepted.orderId, timing);
    this.socket.send(JSON.stringify({ event: 'subscribe', data: { orderId: accepted.orderId } }));
    return timing;
  }

  private onFrame(text: string): void {
    if (text.startsWith('{"event":"error"')) {
      const { code, orderId } = (JSON.parse(text) as { data: { code: string; orderId?: string } }).data;
      frameErrors.set(code, (frameErrors.get(code) ?? 0) + 1);
      if (process.env.BENCH_DEBUG) console.error(`error frame ${code} for ${orderId}`);
      return;
    }
    if (!text.startsWith('{"event":"order.status"')) return;
    const { data } = JSON.parse(text) as { data: OrderLifecycleEvent };
    const timing = this.waiting.get(data.orderId);
    if (!timing) return;
    // When the engine stored it (the events of one order can arrive together: the engine's clock says when).
    if (data.status === 'submitted') timing.sentAt ??= performance.now() - (Date.now() - Date.parse(data.at));
    if (!TERMINAL.has(data.status)) return;
    this.waiting.delete(data.orderId);
    timing.terminalAt = performance.now();
    timing.status = data.status;
    this.onTerminal(timing);
  }

  close(): void {
    this.socket.close();
  }
}

interface RunResult {
  timings: OrderTiming[];
  wallMs: number;
  lost: number;
  failed: number;
  checkpoints: Map<number, MemoryReading>;
}

/** For orders whose terminal event never came: what the engine's store says of them (stopped, or not delivered?). */
async function reportLost(engine: Target, timings: OrderTiming[]): Promise<void> {
  const lost = timings.filter((t) => t.terminalAt === undefined && t.orderId);
  for (const { orderId } of lost.slice(0, 10)) {
    const order = (await fetch(`${engine.baseUrl}/api/orders/${orderId}`).then((r) => r.json())) as {
      status: string;
      events?: { seq: number; status: string }[];
    };
    console.error(
      `no terminal event seen for ${orderId}: stored status ${order.status}, events ${(order.events ?? []).map((e) => `${e.seq}:${e.status}`).join(' ')}`,
    );
  }
}

/**
 * Submits `orders` orders from `clients` clients, either as fast as they go
 * or at `ratePerSecond`, and waits for every terminal event (or the timeout).
 */
async function drive(
  engine: Target,
  orders: number,
  clients: number,
  ratePerSecond?: number,
  checkpointsAt: number[] = [],
  /** How long the run may take before the orders without a terminal event count as lost. */
  timeoutMs = Math.max(60_000, orders * 20),
): Promise<RunResult> {
  const timings: OrderTiming[] = [];
  const checkpoints = new Map<number, MemoryReading>();
  let done = 0;
  let resolveAll!: () => void;
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
  const onTerminal = () => {
    done++;
    if (checkpointsAt.includes(done)) checkpoints.set(done, engine.memory());
    if (done === orders) resolveAll();
  };
  const pool = Array.from({ length: clients }, () => new Client(engine, onTerminal));
  const started = performance.now();
  let next = 0;
  const worker = async (client: Client) => {
    while (next < orders) {
      const index = next++;
      if (ratePerSecond) {
        const due = started + (index * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const timing = await client.submit();
      timings.push(timing);
      if (timing.status?.startsWith('http')) onTerminal();
    }
  };
  await Promise.all(pool.map(worker));
  const timedOut = await Promise.race([allDone.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
  const last = Math.max(...timings.map((t) => t.terminalAt ?? 0));
  pool.forEach((client) => client.close());
  await reportLost(engine, timings);
  return {
    timings,
    wallMs: (timedOut ? performance.now() : last) - started,
    lost: timings.filter((t) => t.terminalAt === undefined && !t.status?.startsWith('http')).length,
    failed: timings.filter((t) => t.status !== 'confirmed').length,
    checkpoints,
  };
}

// ---------------------------------------------------------------- scenarios

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

function commandStats(info: string, orders: number): string {
  return [...info.matchAll(/cmdstat_(\S+):calls=(\d+)/g)]
    .map(([, name, calls]) => [name, Number(calls) / orders] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, perOrder]) => `  ${name}: ${round(perOrder, 2)} per order`)
    .join('\n');
}

const ordersPerSecond = (run: RunResult, orders: number) => round((orders / run.wallMs) * 1000, 0);

/** Where the machine's CPU went during a run, in ms per order (user + system, every thread). */
interface CpuPerOrder {
  readonly server: number;
  readonly postgres: number;
  readonly redis: number;
  /** This process: the clients (and the bench's own bookkeeping). */
  readonly clients: number;
}

/** Runs `run` and splits the CPU it cost between the server under test, PostgreSQL, Redis and the clients. */
async function measureCpu<T>(
  parts: { target: Target; redisPid: number; databaseDir?: string; networkPid?: number },
  /** Orders the CPU is divided by: a number, or read from the run's result (the orders it confirmed, say). */
  orders: number | ((result: T) => number),
  run: () => Promise<T>,
  digits = 3,
): Promise<{ result: T; cpu: ChainCpu }> {
  const read = () => ({
    server: parts.target.cpuMs(),
    postgres: parts.databaseDir ? databaseCpuMs(parts.databaseDir) : 0,
    redis: cpuMsOf(parts.redisPid),
    network: parts.networkPid ? cpuMsOf(parts.networkPid) : 0,
    clients: cpuUsageMs(),
  });
  const before = read();
  const result = await run();
  const after = read();
  const count = Math.max(1, typeof orders === 'number' ? orders : orders(result));
  const perOrder = (part: keyof ChainCpu) => round((after[part] - before[part]) / count, digits);
  return {
    result,
    cpu: { server: perOrder('server'), postgres: perOrder('postgres'), redis: perOrder('redis'), network: perOrder('network'), clients: perOrder('clients') },
  };
}

/** This process's CPU time so far (user + system), in ms. */
function cpuUsageMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const cpuText = (cpu: CpuPerOrder, server: string) =>
  `${server} ${cpu.server} · PostgreSQL ${cpu.postgres} · Redis ${cpu.redis} · clients ${cpu.clients} (Σ ${round(cpu.server + cpu.postgres + cpu.redis + cpu.clients, 2)})`;

/**
 * `count` submits at once, each on its own connection, as a flood of clients
 * would: every one must be answered (202, or 503 with Retry-After when the
 * engine sheds load) within 5 s.
 */
async function burst(
  target: Target,
  count: number,
): Promise<{ count: number; accepted: number; shed: number; other: number; unanswered: number; slowestMs: number; retryAfter: boolean }> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, async () => {
      try {
        const response = await fetch(`${target.baseUrl}/api/orders/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: ORDER_BODY,
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get('retry-after'), ms: performance.now() - started };
      } catch {
        return { status: 0, retryAfter: null, ms: performance.now() - started };
      }
    }),
  );
  const answered = results.filter((r) => r.status !== 0);
  return {
    count,
    accepted: results.filter((r) => r.status === 202).length,
    shed: results.filter((r) => r.status === 503).length,
    other: answered.filter((r) => r.status !== 202 && r.status !== 503).length,
    unanswered: results.length - answered.length,
    slowestMs: round(Math.max(0, ...answered.map((r) => r.ms)), 0),
    retryAfter: results.filter((r) => r.status === 503).every((r) => r.retryAfter !== null),
  };
}

interface BenchDatabase {
  /** A new, empty schema of the bench's own (each engine run gets one: no run sees another's orders). */
  schema(): Promise<string>;
  readonly dataDir?: string;
  /** Drops the schemas it made (and stops the embedded server it started). */
  stop(): Promise<void>;
}

/** Schemas of the bench's own on --database-url, or on a private embedded PostgreSQL. */
async function openBenchDatabase(options: Options): Promise<BenchDatabase> {
  let server = options.databaseUrl;
  let embedded: { dir: string; stop(): Promise<void> } | undefined;
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'oee-bench-pg-'));
    chmodSync(dir, 0o755);
    const postgres = await ensureLocalPostgres(await freePort(), dir, new Logger('bench', { timestamp: false }));
    server = postgres.url;
    embedded = { dir, stop: postgres.stop };
  }
  const url = server;
  const created: string[] = [];
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  return {
    dataDir: embedded && join(embedded.dir, 'postgres'),
    schema: async () => {
      const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await admin(`CREATE SCHEMA ${schema}`);
      created.push(schema);
      return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    },
    stop: async () => {
      for (const schema of created) await admin(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      if (embedded) {
        await embedded.stop();
        rmSync(embedded.dir, { recursive: true, force: true });
      }
    },
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--routing') && !argv.includes('--help')) return runRoutingBench(argv);
  const options = parseOptions(argv);
  const log = (text: string) => !options.json && process.stderr.write(`${text}\n`);
  Logger.overrideLogger(['error']);
  const redisPort = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), 'oee-bench-redis-'));
  const redisChild = startRedisServer(redisPort, redisDir, false);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await waitUntilAnswering(redisUrl, redisChild);
  const redis = new Redis(redisUrl);
  const database = await openBenchDatabase(options);
  const stopServices = async () => {
    redis.disconnect();
    await database.stop().catch(() => undefined);
    await stopChild(redisChild);
    rmSync(redisDir, { recursive: true, force: true });
  };
  // Interrupted (Ctrl-C, a kill, a CI timeout): the engines, PostgreSQL (in a process group of its own) and Redis stop too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.all([stopAllTargets(), stopServices()]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)));
  }
  try {
    // The engine's QUEUE_CONCURRENCY (its default unless BENCH_CONCURRENCY says otherwise), and the reference's too.
    const concurrency = Number(process.env.BENCH_CONCURRENCY ?? loadConfig({}).queue.concurrency);
    let reference:
      { ordersPerSecond: number; cpu: CpuPerOrder; submitP99Ms: number; memory: MemoryReading; burst?: Awaited<ReturnType<typeof burst>> } | undefined;
    if (!options.skipReference) {
      log(
        `reference (node:http + BullMQ + pub/sub + ws, stores nothing, concurrency ${concurrency}): ${options.orders} orders from ${options.clients} clients`,
      );
      const target = await Target.reference(redisUrl, concurrency);
      await drive(target, 200, options.clients);
      const { result: run, cpu } = await measureCpu({ target, redisPid: redisChild.pid! }, options.orders, () =>
        drive(target, options.orders, options.clients),
      );
      reference = {
        ordersPerSecond: ordersPerSecond(run, options.orders),
        cpu,
        submitP99Ms: round(
          percentile(
            run.timings.map((t) => t.acceptedAt - t.submittedAt),
            99,
          ),
          1,
        ),
        memory: target.memory(),
      };
      // The same flood against a server that does no work: what this client and machine can answer at all.
      if (!options.skipBurst) reference.burst = await burst(target, options.burst);
      await target.stop();
    }

    const fast = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench${Date.now()}`,
      DATABASE_URL: await database.schema(),
      QUEUE_CONCURRENCY: `${concurrency}`,
      SIM_QUOTE_DELAY_MS: '0',
      SIM_SETTLE_DELAY_MS: '0',
      QUEUE_RATE_MAX: '1000000000',
      QUEUE_RATE_WINDOW_MS: '1000',
      PRICE_SAMPLE_MS: '0',
      // No other trader on the network: the engine's orders are the load measured.
      SIM_ARBITRAGE_EVERY_MS: '0',
      SIM_FLOW_SWAPS_PER_MINUTE: '0',
      // The engine's own cost, on paper (the simulated chain): the network's scenario is measured on its own.
      CHAIN: 'paper',
      ...NO_CLIENT_LIMITS,
    };
    const engine = await Target.engine(fast, options.processes);
    log(`${engine.label}: PostgreSQL ${options.databaseUrl ? 'at --database-url' : '(embedded)'}, Redis ${redisUrl}, delays 0, limiter off`);
    log('warm-up: 200 orders');
    await drive(engine, 200, options.clients);

    log(`throughput: ${options.orders} orders from ${options.clients} clients`);
    const commandsBefore = await redisCommands(redis);
    if (process.env.BENCH_REDIS_STATS) await redis.config('RESETSTAT');
    const { result: throughput, cpu } = await measureCpu({ target: engine, redisPid: redisChild.pid!, databaseDir: database.dataDir }, options.orders, () =>
      drive(engine, options.orders, options.clients),
    );
    const commandsPerOrder = ((await redisCommands(redis)) - commandsBefore) / options.orders;
    // BENCH_REDIS_STATS=1 prints which Redis commands the throughput scenario cost, per order.
    if (process.env.BENCH_REDIS_STATS) log(commandStats(await redis.info('commandstats'), options.orders));

    const pacedOrders = options.pacedRate * options.pacedSeconds;
    log(`submit latency: ${pacedOrders} orders at ${options.pacedRate}/s`);
    const paced = await drive(engine, pacedOrders, options.clients, options.pacedRate);

    let soak: RunResult | undefined;
    if (!options.skipSoak) {
      log(`soak: ${options.soak} orders`);
      soak = await drive(engine, options.soak, options.clients, undefined, [5_000, options.soak]);
    }
    const memory = engine.memory();
    const dbMemory = database.dataDir ? databaseMemory(database.dataDir) : undefined;

    let flood: Awaited<ReturnType<typeof burst>> | undefined;
    if (!options.skipBurst) {
      log(`overload: ${options.burst} submits at once`);
      flood = await burst(engine, options.burst);
    }
    await engine.stop();

    let defaults: { wallMs: number; boundMs: number; lost: number } | undefined;
    if (!options.skipDefault) {
      const { queue, simulation } = loadConfig({});
      const defaultConcurrency = queue.concurrency;
      log(`default delays: ${options.defaultOrders} orders (quote 150-250 ms, settle 2000-3000 ms, concurrency ${defaultConcurrency})`);
      const slow = await Target.engine({
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `slow${Date.now()}`,
        DATABASE_URL: await database.schema(),
        PRICE_SAMPLE_MS: '0',
        CHAIN: 'paper',
        ...NO_CLIENT_LIMITS,
      });
      const run = await drive(slow, options.defaultOrders, Math.min(options.clients, options.defaultOrders));
      // Each order waits one quote and one settlement; QUEUE_CONCURRENCY run at a time. With many orders per slot the
      // mean delays add up; with few (100 orders, 50 slots) the slowest of each round sets the pace: the bound takes
      // the mean when there are 10 or more rounds and the longest delays otherwise.
      const rounds = Math.ceil(options.defaultOrders / defaultConcurrency);
      const perOrder = rounds >= 10 ? mean(simulation.quoteDelay) + mean(simulation.settleDelay) : simulation.quoteDelay.maxMs + simulation.settleDelay.maxMs;
      const boundMs = rounds * perOrder;
      defaults = { wallMs: run.wallMs, boundMs, lost: run.lost };
      await slow.stop();
    }

    let triggers: TriggerScenarioResult | undefined;
    if (!options.skipTriggers) {
      log(`triggers: ${options.resting} resting limit orders, one price move crossing ${options.crossing}`);
      const env = { ...fast, REDIS_KEY_PREFIX: `triggers${Date.now()}`, DATABASE_URL: await database.schema() };
      triggers = await triggerScenario(env, env.DATABASE_URL, { resting: options.resting, crossing: Math.min(options.crossing, options.resting) }, log);
    }

    let chain: ChainScenarioResult | undefined;
    if (!options.skipChain) {
      const parts = { redisPid: redisChild.pid!, databaseDir: database.dataDir };
      chain = await chainScenario(options, { ...fast, DATABASE_URL: await database.schema() }, redisUrl, parts, concurrency, log);
    }

    const e2e = throughput.timings.filter((t) => t.terminalAt).map((t) => t.terminalAt! - t.submittedAt);
    const submits = paced.timings.map((t) => t.acceptedAt - t.submittedAt);
    const engineOrdersPerSecond = ordersPerSecond(throughput, options.orders);
    const result = {
      machine: { cpus: cpus().length, node: process.version },
      engine: engine.label,
      database: options.databaseUrl ? 'postgres (--database-url)' : 'embedded postgres',
      orders: options.orders,
      clients: options.clients,
      reference: reference ?? null,
      ordersPerSecond: engineOrdersPerSecond,
      ratioToReference: reference ? round(engineOrdersPerSecond / reference.ordersPerSecond, 2) : null,
      cpuPerOrder: cpu,
      throughputSubmitP50Ms: round(
        percentile(
          throughput.timings.map((t) => t.acceptedAt - t.submittedAt),
          50,
        ),
        2,
      ),
      submitRate: options.pacedRate,
      submitP50Ms: round(percentile(submits, 50), 2),
      submitP99Ms: round(percentile(submits, 99), 2),
      confirmP50Ms: round(percentile(e2e, 50), 1),
      confirmP99Ms: round(percentile(e2e, 99), 1),
      lost: throughput.lost + paced.lost + (soak?.lost ?? 0),
      failed: throughput.failed + paced.failed + (soak?.failed ?? 0),
      errorFrames: Object.fromEntries(frameErrors),
      memory,
      databaseMemory: dbMemory ?? null,
      after5000: soak?.checkpoints.get(5_000) ?? null,
      afterSoak: soak?.checkpoints.get(options.soak) ?? null,
      soakOrders: soak ? options.soak : null,
      soakOrdersPerSecond: soak ? ordersPerSecond(soak, options.soak) : null,
      redisCommandsPerOrder: round(commandsPerOrder, 1),
      burst: flood ?? null,
      triggers: triggers ?? null,
      chain: chain ?? null,
      defaultDelays: defaults
        ? {
            orders: options.defaultOrders,
            wallMs: round(defaults.wallMs, 0),
            boundMs: defaults.boundMs,
            overheadPct: round((defaults.wallMs / defaults.boundMs - 1) * 100, 1),
            lost: defaults.lost,
          }
        : null,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else printTable(result);
  } finally {
    await stopAllTargets();
    await stopServices();
  }
}

function printTable(r: Record<string, any>): void {
  const mem = (m: MemoryReading | null) => (m ? `${m.totalMb} MB in ${m.processes} process(es), largest ${m.maxProcessRssMb} MB` : '–');
  const rows: [string, string, string][] = [
    ['reference orders/s (bare BullMQ + pub/sub + ws)', r.reference ? `${r.reference.ordersPerSecond}` : '–', ''],
    [
      'engine orders/s end to end (submit → confirmed seen)',
      `${r.ordersPerSecond}${r.ratioToReference !== null ? ` (${r.ratioToReference}× reference)` : ''}`,
      '≥ 0.5× reference',
    ],
    ['CPU per order in that run, ms: engine', cpuText(r.cpuPerOrder, 'engine'), ''],
    ...(r.reference ? ([['  … and in the reference run', cpuText(r.reference.cpu, 'server'), '']] as [string, string, string][]) : []),
    [`submit latency p50 / p99 at ${r.submitRate}/s`, `${r.submitP50Ms} / ${r.submitP99Ms} ms`, 'p99 < 50 ms'],
    ['submit → confirmed p50 / p99', `${r.confirmP50Ms} / ${r.confirmP99Ms} ms`, ''],
    ['orders lost (no terminal event)', `${r.lost}`, '0'],
    [
      'error frames to the clients, by code',
      Object.entries(r.errorFrames)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none',
      '',
    ],
    ['orders failed', `${r.failed}`, ''],
    ['engine memory (PSS) at the end', mem(r.memory), ''],
    ['largest engine process peak RSS', `${r.memory.maxProcessPeakMb} MB`, ''],
    [
      `largest engine process RSS after 5,000 / ${r.soakOrders ?? '–'} orders`,
      `${r.after5000?.maxProcessRssMb ?? '–'} / ${r.afterSoak?.maxProcessRssMb ?? '–'} MB`,
      '< 300 MB, flat',
    ],
    ['embedded PostgreSQL memory (PSS)', mem(r.databaseMemory), ''],
    ['Redis commands per order', `${r.redisCommandsPerOrder}`, ''],
  ];
  if (r.burst) {
    const b = r.burst;
    rows.push([
      `${b.count} submits at once: 202 / 503 / other / unanswered in 5 s`,
      `${b.accepted} / ${b.shed} / ${b.other} / ${b.unanswered}, slowest ${b.slowestMs} ms`,
      'all answered < 5 s',
    ]);
    const rb = r.reference?.burst;
    if (rb)
      rows.push([`  the same flood against the reference`, `${rb.accepted} / ${rb.shed} / ${rb.other} / ${rb.unanswered}, slowest ${rb.slowestMs} ms`, '']);
  }
  if (r.defaultDelays) {
    const d = r.defaultDelays;
    rows.push([
      `default delays, ${d.orders} orders: wall vs bound`,
      `${(d.wallMs / 1000).toFixed(1)} s vs ${(d.boundMs / 1000).toFixed(1)} s (${d.overheadPct >= 0 ? '+' : ''}${d.overheadPct}%)`,
      'within 10%',
    ]);
  }
  if (r.triggers) {
    const t = r.triggers;
    rows.push(
      [`${t.resting} resting limit orders: boot with them indexed`, `${t.bootMs} ms`, ''],
      ['  engine CPU while they rest (nothing moves)', `${t.idleCpuMsPerSecond} ms per s`, ''],
      [
        `  one price move crossing ${t.crossing}: last one fired`,
        `${t.lastFireMs ?? '–'} ms after the pool update (passes of ${t.firePassMs.join(', ') || '–'} ms)`,
        '< 100 ms',
      ],
      ['  … first / last routing event', `${t.firstRoutingMs ?? '–'} / ${t.lastRoutingMs ?? '–'} ms after the pool update`, ''],
      [
        '  orders fired: crossed (before the move) / not crossed',
        `${t.fired - t.firedOutsideCrossing} (${t.firedBeforeMove}) / ${t.firedOutsideCrossing}`,
        `${t.crossing} (0) / 0`,
      ],
      ['  engine CPU from the move to the last routing event', `${t.cpuMsDuringMove} ms`, ''],
    );
  }
  if (r.chain) {
    const c = r.chain as ChainScenarioResult;
    const stages = (s: ChainRun) => `${s.ordersPerSecond}/s; accept → submitted ${s.toSubmittedP50Ms} ms, → confirmed ${s.toConfirmedP50Ms} ms (p50)`;
    const chainCpu = (s: ChainRun, server: string) =>
      `${server} ${s.cpu.server} · PostgreSQL ${s.cpu.postgres} · Redis ${s.cpu.redis} · network ${s.cpu.network} · clients ${s.cpu.clients}`;
    const e = c.engine;
    if (c.reference) {
      rows.push(
        [`on a local Solana network, ${c.orders} orders: the network alone`, `${c.networkTransfersPerSecond} signed transfers/s confirmed`, ''],
        ['  the network alone, swap-shaped transactions (SOL in)', `${c.networkSwapsPerSecond}/s confirmed`, ''],
        ['  reference with chain (a signed transfer per order)', stages(c.reference), ''],
        ['    CPU per order, ms', chainCpu(c.reference, 'reference'), ''],
      );
    }
    const ratios = c.reference ? ` (${c.ratioToReference}× reference, ${c.ratioToNetworkSwaps}× the network's swaps)` : ' (engine alone)';
    rows.push(
      [
        `${c.reference ? ' ' : 'on a local Solana network:'} engine on the network`,
        `${stages(e)}${ratios}, lost ${e.lost}, failed ${e.failed}`,
        '≥ 0.5× reference, 0 lost',
      ],
      ['    CPU per order, ms', chainCpu(e, 'engine'), ''],
    );
    if (e.submitMs) rows.push(['    submit latency p50 / p99 at the paced rate', `${e.submitMs.p50} / ${e.submitMs.p99} ms`, 'p99 < 50 ms']);
    const listed = (name: string, values?: Record<string, number>) =>
      values &&
      rows.push([
        name,
        Object.entries(values)
          .map(([key, value]) => `${key} ${value}`)
          .join(' · '),
        '',
      ]);
    listed('    quote and build steps (mean ms)', e.buildStepsMs);
    listed('    JSON-RPC calls per order', e.rpcPerOrder);
  }
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(
    `\norder execution engine benchmark — ${r.engine}, ${r.database}, ${r.orders} orders, ${r.clients} clients, ${r.machine.cpus} CPUs, Node ${r.machine.node}\n`,
  );
  console.log(`${'metric'.padEnd(width)}  ${'measured'.padEnd(40)}  target`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(40)}  ${target}`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});

const mean = (range: { minMs: number; maxMs: number }): number => (range.minMs + range.maxMs) / 2;

/** Where the machine's CPU went in a chain run, in ms per confirmed order. */
interface ChainCpu extends CpuPerOrder {
  readonly network: number;
}

interface ChainRun {
  readonly ordersPerSecond: number;
  readonly toSubmittedP50Ms: number;
  readonly toConfirmedP50Ms: number;
  readonly confirmP99Ms: number;
  /** Submit → 202 at the paced rate for a second, p50 and p99, ms (accepting must not wait on the chain). */
  readonly submitMs?: { readonly p50: number; readonly p99: number };
  /**
   * The engine's own account of where an order's build time goes (mean ms per swap, from its metrics: the venues'
   * quotes, then the swap's build steps). Routing, building and submitted are stored together, so the events
   * cannot split them.
   */
  readonly buildStepsMs?: Record<string, number>;
  /** JSON-RPC calls per order, by method (BENCH_RPC_STATS=1). */
  readonly rpcPerOrder?: Record<string, number>;
  readonly cpu: ChainCpu;
  readonly lost: number;
  readonly failed: number;
}

interface ChainScenarioResult {
  readonly orders: number;
  readonly networkTransfersPerSecond: number;
  /** The same network alone with transactions shaped like the engine's swap (SOL in), sent by a bare client. */
  readonly networkSwapsPerSecond: number;
  /** Undefined when only the engine was measured (BENCH_CHAIN_ENGINE_ONLY=1). */
  readonly reference?: ChainRun;
  readonly engine: ChainRun;
  readonly ratioToReference?: number;
  readonly ratioToNetworkSwaps: number;
}

const p50Of = (values: number[]) => round(percentile(values, 50), 1);

/**
 * Orders settled on a local Solana network, each measurement on a network of its own (a network's cost per
 * transaction grows with its history): what it confirms alone (the reference's transfer, and a transaction
 * shaped like the engine's swap), the reference with a signed transfer per order, and the engine on it
 * (CHAIN=solana), on the same load.
 */
async function chainScenario(
  options: Options,
  engineEnv: Record<string, string>,
  redisUrl: string,
  parts: { redisPid: number; databaseDir?: string },
  concurrency: number,
  log: (text: string) => void,
): Promise<ChainScenarioResult> {
  const { slotMs } = loadConfig({}).chain;
  type Network = Awaited<ReturnType<typeof ensureLocalSolana>>;
  const onFreshNetwork = async <T>(work: (network: Network) => Promise<T>): Promise<T> => {
    const network = await ensureLocalSolana(await freePort(), await freePort(), slotMs);
    try {
      return await work(network);
    } finally {
      await network.stop();
    }
  };
  // A network-bound run takes its time: 5 minutes at most for the orders to be settled.
  const timeoutMs = Math.max(300_000, options.chainOrders * 200);
  const measured = async (target: Target, network: Network): Promise<ChainRun> => {
    await drive(target, 50, options.clients, undefined, [], timeoutMs);
    const confirmedOf = (result: RunResult) => result.timings.filter((t) => t.status === 'confirmed').length;
    const { result: run, cpu } = await measureCpu(
      { target, ...parts, networkPid: network.pid },
      confirmedOf,
      () => drive(target, options.chainOrders, options.clients, undefined, [], timeoutMs),
      1,
    );
    const settled = run.timings.filter((t) => t.terminalAt !== undefined && t.sentAt !== undefined);
    const confirmed = confirmedOf(run);
    return {
      // Confirmed orders only: a run cut short by its time limit must not count the orders it never settled.
      ordersPerSecond: round((confirmed / run.wallMs) * 1000, 1),
      toSubmittedP50Ms: p50Of(settled.map((t) => t.sentAt! - t.acceptedAt)),
      toConfirmedP50Ms: p50Of(settled.map((t) => t.terminalAt! - t.sentAt!)),
      confirmP99Ms: round(
        percentile(
          settled.map((t) => t.terminalAt! - t.submittedAt),
          99,
        ),
        1,
      ),
      cpu,
      lost: run.lost,
      failed: run.failed,
    };
  };
  const engineOnly = process.env.BENCH_CHAIN_ENGINE_ONLY === '1';
  const limit = (shape: 'transfer' | 'swap') => onFreshNetwork((n) => networkLimit(n.rpcUrl, n.wsUrl, options.chainOrders, concurrency, shape));
  log(`chain: the local network alone, ${options.chainOrders} signed transfers with a memo, then as many swap-shaped transactions, ${concurrency} in flight`);
  const networkTransfersPerSecond = engineOnly ? 0 : round(await limit('transfer'), 1);
  const networkSwapsPerSecond = engineOnly ? 0 : round(await limit('swap'), 1);
  log(`chain: reference with chain, ${options.chainOrders} orders`);
  const reference = engineOnly
    ? undefined
    : await onFreshNetwork(async (network) => {
        const target = await Target.reference(redisUrl, concurrency, network);
        try {
          return await measured(target, network);
        } finally {
          await target.stop();
        }
      });
  log(`chain: the engine on the network, ${options.chainOrders} orders`);
  const walletsDir = mkdtempSync(join(tmpdir(), 'oee-bench-wallets-'));
  const engine = await onFreshNetwork(async (network) => {
    const relay = process.env.BENCH_RPC_STATS ? await countingRelay(network.rpcUrl) : undefined;
    const target = await Target.engine(
      {
        ...engineEnv,
        REDIS_KEY_PREFIX: `chain${Date.now()}`,
        CHAIN: 'solana',
        SOLANA_RPC_URL: relay?.url ?? network.rpcUrl,
        SOLANA_WS_URL: network.wsUrl,
        WALLETS_DIR: walletsDir,
        // The SOL of every order it is sent (0.5 each: warm-up, run, paced second) with room to spare; a local
        // network's faucet holds about 800,000 SOL.
        FAUCET_SOL: `${Math.ceil((50 + options.chainOrders + options.pacedRate) / 2) + 100}`,
      },
      options.processes,
    );
    try {
      relay?.counts.clear();
      const run = await measured(target, network);
      const rpcPerOrder = relay && Object.fromEntries([...relay.counts].map(([method, calls]) => [method, round(calls / options.chainOrders, 2)]));
      const buildStepsMs = await buildSteps(target);
      log(`chain: submit latency on the network, ${options.pacedRate} orders at ${options.pacedRate}/s`);
      const paced = (await drive(target, options.pacedRate, options.clients, options.pacedRate, [], timeoutMs)).timings.map(
        (t) => t.acceptedAt - t.submittedAt,
      );
      const submitMs = { p50: p50Of(paced), p99: round(percentile(paced, 99), 1) };
      return { ...run, buildStepsMs, rpcPerOrder, submitMs };
    } finally {
      await target.stop();
      await relay?.stop();
      rmSync(walletsDir, { recursive: true, force: true });
    }
  });
  return {
    orders: options.chainOrders,
    networkTransfersPerSecond,
    networkSwapsPerSecond,
    reference,
    engine,
    ratioToReference: reference && round(engine.ordersPerSecond / reference.ordersPerSecond, 2),
    ratioToNetworkSwaps: networkSwapsPerSecond ? round(engine.ordersPerSecond / networkSwapsPerSecond, 2) : 0,
  };
}

/** A venue quote's mean ms, then the build steps' mean ms per swap, from the engine's metrics (warm-up included). */
async function buildSteps(target: Target): Promise<Record<string, number>> {
  const text = await (await fetch(`${target.baseUrl}/metrics`)).text();
  const quote = histogramMeansMs(text, 'oee_venue_quote_seconds', () => 'quote');
  const steps = histogramMeansMs(text, 'oee_chain_build_step_seconds', (labels) => /step="(\w+)"/.exec(labels)?.[1] ?? 'other');
  return Object.fromEntries([...quote, ...steps]);
}

/** A histogram's mean in ms for each key `keyOf` gives its series' labels (series with one key summed together). */
function histogramMeansMs(metrics: string, name: string, keyOf: (labels: string) => string): Map<string, number> {
  const totals = (suffix: 'sum' | 'count') => {
    const byKey = new Map<string, number>();
    for (const [, labels, value] of metrics.matchAll(new RegExp(`^${name}_${suffix}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
      byKey.set(keyOf(labels), (byKey.get(keyOf(labels)) ?? 0) + Number(value));
    }
    return byKey;
  };
  const [sums, counts] = [totals('sum'), totals('count')];
  return new Map([...sums].map(([key, sum]) => [key, round((sum / Math.max(1, counts.get(key) ?? 0)) * 1000, 1)]));
}

/** A JSON-RPC relay in front of `rpcUrl` that counts the calls by method (batches counted call by call). */
async function countingRelay(rpcUrl: string): Promise<{ url: string; counts: Map<string, number>; stop(): Promise<void> }> {
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString()) as { method: string } | { method: string }[];
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
      } catch {
        counts.set('(unreadable)', (counts.get('(unreadable)') ?? 0) + 1);
      }
      fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (upstream) => {
          response.writeHead(upstream.status, { 'content-type': 'application/json' });
          response.end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, counts, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The bench's clients all come from one address: per-client budgets would measure themselves, not the engine. */
const NO_CLIENT_LIMITS = { RATE_LIMIT_SUBMITS: '0', RATE_LIMIT_READS: '0', RATE_LIMIT_WS_CONNECTIONS: '0' };
