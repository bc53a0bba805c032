import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestSchema, type TestSchema } from './support/database.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { waitUntil } from './support/wait.js';

const LAUNCHER = fileURLToPath(new URL('../dist/cli/cluster.js', import.meta.url));

/** The processes `npm run start:cluster` forked: pid, role and nice value, read from /proc. */
function childrenOf(parent: number): { pid: number; role: string; nice: number }[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) !== parent) return [];
        const role = /(?:^|\0)ENGINE_ROLE=(\w+)/.exec(readFileSync(`/proc/${entry}/environ`, 'utf8'))?.[1] ?? '';
        return [{ pid: Number(entry), role, nice: Number(fields[16]) }];
      } catch {
        return []; // ended while we looked
      }
    });
}

describe('the cluster launcher (npm run start:cluster)', () => {
  let redis: TestRedis;
  let schema: TestSchema;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
  });
  afterAll(async () => {
    await redis?.remove();
    await schema?.drop();
  });

  it('starts the API and worker processes it was asked for, the workers at a lower CPU priority, and stops them all on SIGTERM', async () => {
    const launcher = spawn(process.execPath, [LAUNCHER, '--api', '1', '--worker', '2'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'log',
        CHAIN: 'paper',
        REDIS_URL: redis.url,
        DATABASE_URL: schema.url,
        PRICE_SAMPLE_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    launcher.stdout!.on('data', (chunk) => (output += chunk));
    launcher.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | string>((resolve) => launcher.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));
    try {
      await waitUntil(() => (output.match(/order execution worker running/g) ?? []).length === 2 && /listening on http/.test(output), 30_000);
      const children = childrenOf(launcher.pid!);
      expect(children.map((c) => c.role).sort()).toEqual(['api', 'worker', 'worker']);
      expect(children.filter((c) => c.role === 'worker').map((c) => c.nice)).toEqual([10, 10]);
      const ownNice = Number(readFileSync(`/proc/${launcher.pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      expect(children.find((c) => c.role === 'api')!.nice).toBe(ownNice);
      launcher.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(children.filter((c) => readdirSync('/proc').includes(String(c.pid)))).toEqual([]);
    } finally {
      launcher.kill('SIGKILL');
    }
  });
});
