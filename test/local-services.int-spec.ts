import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../src/cli/engine-node-flags.js';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/local-services/free-port.js';
import { portListener } from '../src/local-services/port-listener.js';
import { startEngineProcess } from './support/engine-process.js';

/** Where, as root, PostgreSQL keeps the data of a DATA_DIR the unprivileged user cannot reach: /var/lib/oee/<this>. */
const fallbackDigest = (dataDir: string): string => createHash('sha256').update(dataDir).digest('hex').slice(0, 12);

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
    for (const dir of ['data', 'other']) {
      const digest = fallbackDigest(join(parent, dir));
      for (const name of existsSync('/var/lib/oee') ? readdirSync('/var/lib/oee') : []) {
        if (name.startsWith(digest)) rmSync(join('/var/lib/oee', name), { recursive: true, force: true });
      }
    }
  });

  // On paper: the local Solana network the default (CHAIN=solana) starts too is the last test's.
  const env = (dataDir = join(parent, 'data')) => ({
    CHAIN: 'paper',
    DATA_DIR: dataDir,
    REDIS_EMBEDDED_PORT: `${ports.redis}`,
    DATABASE_EMBEDDED_PORT: `${ports.postgres}`,
  });

  const nothingListens = () => expect([portListener(ports.redis), portListener(ports.postgres)]).toEqual([undefined, undefined]);

  it('with CHAIN=solana (the default) starts a local Solana network too, settles an order on it as a real transaction, and stops it', async () => {
    const solana = { rpc: await freePort(), ws: await freePort() };
    const engine = await startEngineProcess(
      { ...env(), CHAIN: 'solana', SOLANA_EMBEDDED_RPC_PORT: `${solana.rpc}`, SOLANA_EMBEDDED_WS_PORT: `${solana.ws}`, WALLETS_DIR: join(parent, 'wallets') },
      90_000,
    );
    expect(await (await fetch(`${engine.baseUrl}/api/chain`)).json()).toMatchObject({
      mode: 'solana',
      cluster: 'localnet',
      rpcUrl: `http://127.0.0.1:${solana.rpc}`,
    });
    const placed = await (
      await fetch(`${engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'market', inputToken: 'SOL', outputToken: 'USDC', amount: '0.25' }),
      })
    ).json();
    let order: { status: string; txHash: string | null } = { status: 'pending', txHash: null };
    for (const until = Date.now() + 30_000; !['confirmed', 'failed'].includes(order.status) && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      order = await (await fetch(`${engine.baseUrl}/api/orders/${placed.orderId}`)).json();
    }
    expect(order.status).toBe('confirmed');
    const found = await (
      await fetch(`http://127.0.0.1:${solana.rpc}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'getTransaction',
          params: [order.txHash, { encoding: 'json', maxSupportedTransactionVersion: 0 }],
        }),
      })
    ).json();
    expect(found.result.meta.err).toBeNull();
    expect(found.result.meta.logMessages.join('\n')).toContain(`order:${placed.orderId}`);
    expect(await engine.kill('SIGINT')).toBe(0);
    nothingListens();
    expect(portListener(solana.rpc)).toBeUndefined();
  }, 120_000);

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
    // As root, PostgreSQL kept this DATA_DIR's data outside it: set aside by the reset, not deleted.
    if (process.getuid?.() === 0)
      expect(readdirSync('/var/lib/oee').some((name) => name.startsWith(`${fallbackDigest(join(parent, 'data'))}.reset-`))).toBe(true);
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

  it('a boot that fails while the app is created (the database unreachable) stops the Redis it started', async () => {
    const closed = await freePort();
    const failure = await startEngineProcess({ ...env(), DATABASE_URL: `postgres://oee:oee@127.0.0.1:${closed}/oee` }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/started redis-server/);
    expect(failure).toMatch(/engine did not start/);
    expect(portListener(ports.redis)).toBeUndefined();
  }, 60_000);

  it('a Ctrl-C while the local services start stops them once they are up', async () => {
    const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, fileURLToPath(new URL('../dist/main.js', import.meta.url))], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // As soon as the engine's first line says it is booting: the services are still starting then.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGINT: shutting down/);
    expect(output).not.toMatch(/listening on/);
    nothingListens();
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
    // Its Redis is another engine's too: refused, not shared (two engines on one queue run each other's orders).
    expect(other).toMatch(/the Redis running at redis:\/\/127.0.0.1:\d+ \(pid \d+\) is another engine's/);
    expect(other).toContain(`redis-cli -p ${ports.redis} shutdown`);
  }, 90_000);
});
