import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from '../../src/local-services/child-process.js';
import { freePort } from '../../src/local-services/free-port.js';
import { waitUntilAnswering } from '../../src/local-services/embedded-redis.js';

export interface TestRedisCluster {
  /** `host:port` of every master, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: string;
  readonly firstUrl: string;
  remove(): Promise<void>;
}

/** Three redis-server masters with cluster mode on, joined by `redis-cli --cluster create` (no replicas). */
export async function startTestRedisCluster(size = 3): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'oee-redis-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        `${port}`,
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    ),
  );
  await Promise.all(ports.map((port, i) => waitUntilAnswering(`redis://127.0.0.1:${port}`, children[i])));
  const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
    encoding: 'utf8',
  });
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
  await waitForClusterOk(ports[0]);
  return {
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    firstUrl: `redis://127.0.0.1:${ports[0]}`,
    remove: async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForClusterOk(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const info = spawnSync('redis-cli', ['-p', `${port}`, 'cluster', 'info'], { encoding: 'utf8' }).stdout;
    if (info.includes('cluster_state:ok')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the Redis Cluster did not reach cluster_state:ok');
}
