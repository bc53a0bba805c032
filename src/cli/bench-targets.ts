// What `npm run bench` measures: the engine (one process, or API and worker
// processes under the cluster launcher) and the reference server, each in
// processes of their own, with their memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../local-services/child-process.js';
import { freePort } from '../local-services/free-port.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

const DIST = new URL('../', import.meta.url);
const script = (path: string) => fileURLToPath(new URL(path, DIST));

export interface ProcessLayout {
  readonly api: number;
  readonly worker: number;
}

export interface MemoryReading {
  /** Proportional set size of every process of the target together (shared pages counted once). */
  readonly totalMb: number;
  /** The largest resident set of any one of its processes. */
  readonly maxProcessRssMb: number;
  /** The largest peak resident set of any one of its processes. */
  readonly maxProcessPeakMb: number;
  readonly processes: number;
}

/** Every target started and not yet stopped: what the bench stops when it ends, or when it is interrupted. */
const live = new Set<Target>();

/** Stops every target still running. */
export const stopAllTargets = (): Promise<void[]> => Promise.all([...live].map((target) => target.stop()));

/** A server under test in its own process(es), reachable over HTTP and WebSocket. */
export class Target {
  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly wsUrl: string,
  ) {}

  /** The engine: `dist/main.js`, or the cluster launcher with `layout`. */
  static async engine(env: Record<string, string>, layout?: ProcessLayout, onLine?: (line: string) => void): Promise<Target> {
    const port = await freePort();
    // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the engine while it is measured.
    const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const args = layout ? [script('cli/cluster.js'), '--api', `${layout.api}`, '--worker', `${layout.worker}`] : [script('main.js')];
    const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, ...nodeArgs, ...args], {
      // Production mode, open on purpose (AUTH=off): the bench measures the engine, not its keys.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        AUTH: 'off',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: `${port}`,
        ...env,
      },
      stdio: ['ignore', onLine ? 'pipe' : process.env.BENCH_ENGINE_STDERR ? 'inherit' : 'ignore', process.env.BENCH_ENGINE_STDERR ? 'inherit' : 'pipe'],
    });
    if (onLine) createInterface({ input: child.stdout! }).on('line', onLine);
    const label = layout ? `engine api=${layout.api},worker=${layout.worker}` : 'engine (one process)';
    return Target.started(new Target(label, child, `http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}/api/orders/ws`));
  }

  /** The bare architecture: node:http + BullMQ + Redis pub/sub + ws, storing nothing; with `solana`, a signed transfer per order there. */
  static async reference(redisUrl: string, concurrency: number, solana?: { readonly rpcUrl: string; readonly wsUrl: string }): Promise<Target> {
    const port = await freePort();
    const args = [script('cli/reference-server.js'), `${port}`, redisUrl, `${concurrency}`, ...(solana ? [solana.rpcUrl, solana.wsUrl] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const label = solana ? 'reference with chain' : 'reference';
    return Target.started(new Target(label, child, `http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}/api/orders/ws`));
  }

  private static async started(target: Target): Promise<Target> {
    live.add(target);
    let stderr = '';
    target.child.stderr?.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 60_000;
    while (!(await target.healthy())) {
      if (target.child.exitCode !== null || Date.now() > deadline) throw new Error(`${target.label} did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // With several API processes, wait until each answers (the launcher forks them in turn).
    await new Promise((r) => setTimeout(r, 300));
    return target;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.baseUrl}/api/health`)).ok;
    } catch {
      return false;
    }
  }

  /** The processes that serve: the launcher's children when there is a launcher, else the one process. */
  memory(): MemoryReading {
    const children = descendants(this.child.pid!);
    return memoryOf(children.length > 0 ? children : [this.child.pid!]);
  }

  /** CPU time (user + system, ms) of the process(es) serving so far. */
  cpuMs(): number {
    const children = descendants(this.child.pid!);
    return (children.length > 0 ? children : [this.child.pid!]).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  }

  async stop(): Promise<void> {
    live.delete(this);
    await stopChild(this.child);
  }
}

/** utime + stime from /proc/<pid>/stat, in ms (Linux counts them in 1/100 s). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** PostgreSQL's memory: the postmaster named in `dataDir/postmaster.pid` and its children. */
export function databaseMemory(dataDir: string): MemoryReading | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return memoryOf([postmaster, ...descendants(postmaster)]);
}

/** CPU time (ms) of PostgreSQL's postmaster named in `dataDir/postmaster.pid` and its children (backends come and go). */
export function databaseCpuMs(dataDir: string): number {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 0;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return [postmaster, ...descendants(postmaster)].reduce((sum, pid) => sum + cpuMsOf(pid), 0);
}

function memoryOf(pids: number[]): MemoryReading {
  const readings = pids.map(readMemory).filter((r): r is { pssKb: number; rssKb: number; peakKb: number } => r !== undefined);
  const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
  return {
    totalMb: mb(readings.reduce((sum, r) => sum + r.pssKb, 0)),
    maxProcessRssMb: mb(Math.max(0, ...readings.map((r) => r.rssKb))),
    maxProcessPeakMb: mb(Math.max(0, ...readings.map((r) => r.peakKb))),
    processes: readings.length,
  };
}

function readMemory(pid: number): { pssKb: number; rssKb: number; peakKb: number } | undefined {
  try {
    const field = (text: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { pssKb: field(rollup, 'Pss'), rssKb: field(status, 'VmRSS'), peakKb: field(status, 'VmHWM') };
  } catch {
    return undefined;
  }
}

function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}
