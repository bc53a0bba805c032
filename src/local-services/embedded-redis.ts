import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { stopChild } from './child-process.js';
import { ensureRedisServerInstalled } from './redis-server-binary.js';

export interface RunningRedis {
  readonly url: string;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/**
 * With no REDIS_URL, the engine uses a Redis on 127.0.0.1:`port` if one is
 * answering, and otherwise starts `redis-server` itself with append-only
 * persistence in `dataDir`, so queued orders survive a restart of both.
 */
export async function ensureLocalRedis(port: number, dataDir: string): Promise<RunningRedis> {
  const url = `redis://127.0.0.1:${port}`;
  const logger = new Logger('EmbeddedRedis');
  if (await answersPing(url)) {
    logger.log(`using the Redis already running at ${url}`);
    return { url, stop: async () => undefined };
  }
  const child = startRedisServer(port, resolve(dataDir, 'redis'));
  await waitUntilAnswering(url, child);
  logger.log(`started redis-server (pid ${child.pid}) at ${url}, data in ${resolve(dataDir, 'redis')}`);
  return { url, stop: () => stopChild(child) };
}

export function startRedisServer(port: number, dir: string, persistent = true): ChildProcess {
  ensureRedisServerInstalled();
  mkdirSync(dir, { recursive: true });
  const persistence = persistent ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no', '--save', ''];
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--protected-mode', 'yes', ...persistence],
    // Its own process group: a Ctrl-C meant for the engine must not stop Redis under a draining worker.
    { stdio: 'ignore', detached: true },
  );
}

export async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      // Another process may have won the race to start it on this port: use theirs.
      if (await answersPing(url)) return;
      throw new Error(`redis-server exited with code ${child.exitCode}`);
    }
    if (await answersPing(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer at ${url} within ${timeoutMs} ms`);
}

export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
