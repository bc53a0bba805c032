import { LocalServiceError } from './local-service.error.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
    await checkReused(url, port, resolve(dataDir, 'redis'), logger);
    return { url, stop: async () => undefined };
  }
  const child = startRedisServer(port, resolve(dataDir, 'redis'));
  await waitUntilAnswering(url, child);
  logger.log(`started redis-server (pid ${child.pid}) at ${url}, data in ${resolve(dataDir, 'redis')}`);
  return { url, stop: () => stopChild(child) };
}

/**
 * Says which Redis the engine uses: one an earlier engine of this DATA_DIR left running (kill -9 leaves it, by
 * design: the next start reuses it), or the machine's own. Another engine's (its data in another DATA_DIR, or
 * in one that was removed) is refused: two engines with different databases on one queue would take each
 * other's jobs.
 */
async function checkReused(url: string, port: number, ours: string, logger: Logger): Promise<void> {
  const listener = portListener(port);
  const who = listener ? ` (pid ${listener.pid})` : '';
  const dir = await configuredDir(url);
  if (dir === undefined || dir === ours || !(dir === '' || isEngineDataDir(dirname(dir)))) {
    return logger.log(`using the Redis already running at ${url}${who}, data in ${dir ?? 'an unknown directory'}`);
  }
  // An empty dir: its working directory was removed (a DATA_DIR reset under a Redis left running), and it
  // cannot save on the way out: it must be told not to.
  const [where, shutdown] = dir === '' ? ['a directory that was removed', 'shutdown nosave'] : [dir, 'shutdown'];
  throw new LocalServiceError(
    `the Redis running at ${url}${who} is another engine's (its data in ${where}, not in this DATA_DIR's ${ours}): ` +
      `two engines with different data on one Redis would run each other's orders. Stop it (\`redis-cli -p ${port} ${shutdown}\`) ` +
      `or give this engine ports of its own (REDIS_EMBEDDED_PORT and DATABASE_EMBEDDED_PORT)`,
  );
}

/** A directory an engine keeps its embedded services' data in. */
const isEngineDataDir = (dir: string): boolean => ['postgres.password', 'postgres.location'].some((file) => existsSync(join(dir, file)));

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
