import { LocalServiceError } from './local-service.error.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { stopChild } from './child-process.js';
import { portListener } from './port-listener.js';
import { ensureRedisServerInstalled } from './redis-server-binary.js';

interface RunningRedis {
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
    await describeReused(url, port, resolve(dataDir, 'redis'), logger);
    return { url, stop: async () => undefined };
  }
  const child = startRedisServer(port, resolve(dataDir, 'redis'));
  await waitUntilAnswering(url, child);
  logger.log(`started redis-server (pid ${child.pid}) at ${url}, data in ${resolve(dataDir, 'redis')}`);
  return { url, stop: () => stopChild(child) };
}

/**
 * Says which Redis the engine uses: one an earlier engine left running (kill -9 leaves it, by design: the
 * next start reuses it), or the machine's own. One that keeps its data elsewhere than this DATA_DIR is
 * named, with how to have the engine start its own.
 */
async function describeReused(url: string, port: number, ours: string, logger: Logger): Promise<void> {
  const listener = portListener(port);
  const who = listener ? ` (pid ${listener.pid})` : '';
  const dir = await configuredDir(url);
  if (dir === undefined || dir === ours) return logger.log(`using the Redis already running at ${url}${who}, data in ${dir ?? 'an unknown directory'}`);
  // An empty dir: its working directory was removed (a DATA_DIR reset under a Redis left running).
  const where = dir === '' ? 'a directory that was removed' : dir;
  logger.warn(
    `using the Redis already running at ${url}${who}, which keeps its data in ${where}, not in this DATA_DIR (${ours}): ` +
      `another engine's, or the machine's own. To have this engine start its own, stop it (\`redis-cli -p ${port} shutdown\`) ` +
      `or set REDIS_EMBEDDED_PORT to a free port`,
  );
}

async function configuredDir(url: string): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const [, dir] = (await client.config('GET', 'dir')) as string[];
    return dir;
  } catch {
    return undefined; // CONFIG may be renamed or refused: nothing to say then
  } finally {
    client.disconnect();
  }
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
      throw new LocalServiceError(`redis-server exited with code ${child.exitCode}`);
    }
    if (await answersPing(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new LocalServiceError(`redis-server did not answer at ${url} within ${timeoutMs} ms`);
}

async function answersPing(url: string): Promise<boolean> {
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
