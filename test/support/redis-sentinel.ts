import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stopChild } from '../../src/local-services/child-process.js';
import { freePort } from '../../src/local-services/free-port.js';
import { startRedisServer, waitUntilAnswering } from '../../src/local-services/embedded-redis.js';
import { waitUntil } from './wait.js';

export const SENTINEL_MASTER = 'oee-master';

export interface TestRedisSentinel {
  /** `host:port` of the sentinel, as REDIS_SENTINELS takes it. */
  readonly sentinels: string;
  /** The port of the server that is master now. */
  masterPort(): Promise<number>;
  /** Kills the master (SIGKILL) and waits until the sentinel has promoted the replica. */
  failover(): Promise<void>;
  remove(): Promise<void>;
}

/** A master, one replica and one sentinel (quorum 1) watching them, each a real redis-server. */
export async function startTestRedisSentinel(): Promise<TestRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'oee-redis-sentinel-'));
  const [masterPort, replicaPort, sentinelPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const master = startRedisServer(masterPort, join(dir, 'master'), false);
  await waitUntilAnswering(`redis://127.0.0.1:${masterPort}`, master);
  const replica = spawn(
    'redis-server',
    ['--port', `${replicaPort}`, '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--replicaof', '127.0.0.1', `${masterPort}`],
    {
      stdio: 'ignore',
    },
  );
  await waitUntilAnswering(`redis://127.0.0.1:${replicaPort}`, replica);
  const config = join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
      `sentinel failover-timeout ${SENTINEL_MASTER} 5000`,
    ].join('\n'),
  );
  const sentinel: ChildProcess = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
  const admin = new Redis(sentinelPort, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 100 });
  await waitUntil(
    async () => {
      const replicas = (await admin.call('SENTINEL', 'REPLICAS', SENTINEL_MASTER).catch(() => [])) as unknown[];
      return replicas.length > 0;
    },
    15_000,
    'the sentinel to see the master and its replica',
  );
  const masterPortNow = async () => Number(((await admin.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER)) as string[])[1]);
  return {
    sentinels: `127.0.0.1:${sentinelPort}`,
    masterPort: masterPortNow,
    failover: async () => {
      master.kill('SIGKILL');
      await waitUntil(async () => (await masterPortNow()) === replicaPort, 30_000, 'the sentinel to promote the replica');
    },
    remove: async () => {
      admin.disconnect();
      await Promise.all([stopChild(sentinel), stopChild(replica), stopChild(master)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
