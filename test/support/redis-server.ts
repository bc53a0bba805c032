import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, stopChild, waitUntilAnswering } from '../../src/redis/embedded-redis.js';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  restart(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real redis-server on a free port, in a throwaway directory, without persistence. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oee-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child = startRedisServer(port, dir, false);
  await waitUntilAnswering(url, child);
  return {
    url,
    port,
    stop: async () => {
      await stopChild(child);
    },
    restart: async () => {
      child = startRedisServer(port, dir, false);
      await waitUntilAnswering(url, child);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
