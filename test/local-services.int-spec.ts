import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/local-services/free-port.js';
import { portListener } from '../src/local-services/port-listener.js';
import { startEngineProcess } from './support/engine-process.js';

/**
 * The engine's own Redis and PostgreSQL as a user meets them: a data directory removed between two starts,
 * a boot that fails after they started, and a start that finds another engine's left running. The data
 * directory sits in a directory only its owner can enter, so that as root (CI) PostgreSQL keeps its data
 * outside it (the unprivileged server cannot reach it): the case where a reset used to break the next start.
 */
describe('the local services', () => {
  let parent: string;
  let ports: { redis: number; postgres: number };
  const leftovers: number[] = [];

  beforeEach(async () => {
    parent = mkdtempSync(join(tmpdir(), 'oee-local-'));
    ports = { redis: await freePort(), postgres: await freePort() };
  });

  afterEach(() => {
    leftovers.splice(0).forEach((pid) => process.kill(pid, 'SIGKILL'));
    rmSync(parent, { recursive: true, force: true });
    for (const dir of ['data', 'other'])
      rmSync(join('/var/lib/oee', createHash('sha256').update(join(parent, dir)).digest('hex').slice(0, 12)), { recursive: true, force: true });
  });

  const env = (dataDir = join(parent, 'data')) => ({
    DATA_DIR: dataDir,
    REDIS_EMBEDDED_PORT: `${ports.redis}`,
    DATABASE_EMBEDDED_PORT: `${ports.postgres}`,
  });

  const nothingListens = () => expect([portListener(ports.redis), portListener(ports.postgres)]).toEqual([undefined, undefined]);

  it('starts again after its data directory was removed (a reset), with its database empty again', async () => {
    const first = await startEngineProcess(env());
    await fetch(`${first.baseUrl}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'market', side: 'buy', inputToken: 'SOL', outputToken: 'USDC', amount: 1 }),
    });
    expect(await first.kill('SIGINT')).toBe(0);
    nothingListens();
    rmSync(join(parent, 'data'), { recursive: true, force: true });

    const second = await startEngineProcess(env());
    const orders = await (await fetch(`${second.baseUrl}/api/orders`)).json();
    expect(orders.orders).toEqual([]);
    expect(await second.kill('SIGINT')).toBe(0);
    nothingListens();
  }, 90_000);

  it('a boot that fails after starting Redis and PostgreSQL stops both', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)));
    try {
      const failure = await startEngineProcess({ ...env(), PORT: `${port}` }).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/engine did not start: .*EADDRINUSE/s);
      expect(failure).toMatch(/started PostgreSQL/);
      nothingListens();
    } finally {
      taken.close();
    }
  }, 60_000);

  it('after kill -9 the next start reuses its services; another data directory is told what runs and how to stop it', async () => {
    const killed = await startEngineProcess(env());
    await killed.kill('SIGKILL');
    const postgres = portListener(ports.postgres)!;
    leftovers.push(postgres.pid, portListener(ports.redis)!.pid);

    const reusing = await startEngineProcess(env());
    expect(reusing.output()).toMatch(/using the embedded PostgreSQL already running/);
    expect(reusing.output()).toMatch(/using the Redis already running/);
    await reusing.kill('SIGINT');

    const other = await startEngineProcess(env(join(parent, 'other'))).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(other).toContain(`the PostgreSQL running on 127.0.0.1:${ports.postgres} (pid ${postgres.pid}`);
    expect(other).toContain(`kill ${postgres.pid}`);
    expect(other).toMatch(/keeps its data in .*not in this DATA_DIR/);
  }, 90_000);
});
