import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/common/free-port.js';
import { stopChild } from '../../src/common/child-process.js';
import { startRedisServer, waitUntilAnswering } from '../../src/redis/embedded-redis.js';

export { freePort };

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  restart(): Promise<void>;
  /** Stops it and deletes its directory. */
  remove(): Promise<void>;
}

/** A real redis-server on a free port, in a throwaway directory; `persistent` keeps its data across `restart`. */
export async function startTestRedis({ persistent = false } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'oee-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child = startRedisServer(port, dir, persistent);
  await waitUntilAnswering(url, child);
  return {
    url,
    port,
    stop: async () => {
      await stopChild(child);
    },
    remove: async () => {
      await stopChild(child);
      removeDir(dir);
    },
    restart: async () => {
      child = startRedisServer(port, dir, persistent);
      await waitUntilAnswering(url, child);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
