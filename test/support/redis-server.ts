import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/local-services/free-port.js';
import { stopChild } from '../../src/local-services/child-process.js';
import { startRedisServer, waitUntilAnswering } from '../../src/local-services/embedded-redis.js';

export { freePort };

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  restart(): Promise<void>;
  /** Stops it and deletes its directory. */
  remove(): Promise<void>;
  /** Freezes it (SIGSTOP): its connections stay open but nothing answers, as with a full buffer or a failover. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
}

/** A real redis-server on a free port, in a throwaway directory; `persistent` keeps its data across `restart`. */
export async function startTestRedis({ persistent = false } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'oee-redis-'));
  const { port, child: first } = await startOnFreePort(dir, persistent);
  let child = first;
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    stop: async () => {
      await stopChild(child);
    },
    remove: async () => {
      if (child.exitCode === null) child.kill('SIGCONT');
      await stopChild(child);
      removeDir(dir);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    restart: async () => {
      child = startRedisServer(port, dir, persistent);
      await waitUntilOurs(url, child);
    },
  };
}

/**
 * redis-server cannot bind port 0 and say which port it got: probe for a free
 * port, start on it, and if another process took the port in between (our
 * server exits, or someone else's answers), try another.
 */
async function startOnFreePort(dir: string, persistent: boolean): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = startRedisServer(port, dir, persistent);
    try {
      await waitUntilOurs(`redis://127.0.0.1:${port}`, child);
      return { port, child };
    } catch (error) {
      await stopChild(child);
      if (attempt === 5) throw error;
    }
  }
}

/** Waits until `child` answers at `url`: a server that answers there but is not `child` is an error. */
async function waitUntilOurs(url: string, child: ChildProcess): Promise<void> {
  await waitUntilAnswering(url, child);
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const pid = /process_id:(\d+)/.exec(await client.info('server'))?.[1];
    if (child.exitCode !== null || Number(pid) !== child.pid) throw new Error(`another redis-server answers at ${url}`);
  } finally {
    client.disconnect();
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
