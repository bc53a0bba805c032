// Runs outside Jest's module system, so it uses the build (`npm test` builds first).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The integration tests start real redis-server processes: make sure the
 * binary is there. They also need PostgreSQL: DATABASE_URL when it is set,
 * otherwise one embedded server for the whole run (each test app then gets a
 * schema of its own), stopped and removed by the global teardown.
 */
export default async function globalSetup() {
  const dist = new URL('../../dist/', import.meta.url);
  if (!existsSync(new URL('local-services/embedded-postgres.js', dist))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  }
  const { ensureRedisServerInstalled } = await import(new URL('local-services/redis-server-binary.js', dist).href);
  ensureRedisServerInstalled();
  ensureChromiumInstalled();
  if (process.env.DATABASE_URL) return;
  const { ensureLocalPostgres } = await import(new URL('local-services/embedded-postgres.js', dist).href);
  const { freePort } = await import(new URL('local-services/free-port.js', dist).href);
  const dir = mkdtempSync(join(tmpdir(), 'oee-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as an unprivileged user who must reach it
  const quiet = { log: () => undefined, warn: (m) => console.warn(m) };
  const postgres = await ensureLocalPostgres(await freePort(), dir, quiet);
  process.env.OEE_TEST_DATABASE_URL = postgres.url;
  globalThis.__oeeTestPostgres = { stop: postgres.stop, dir };
}

/** The dashboard's browser test drives Debian's Chromium; install it when missing and root. */
function ensureChromiumInstalled() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/lib/chromium/chromium') || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).error) return; // the test then says what is missing
  console.log('chromium is not installed: installing the Debian package for the dashboard test…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ])
    spawnSync('apt-get', args, { stdio: 'inherit', env });
}

export function removeTestPostgres() {
  const postgres = globalThis.__oeeTestPostgres;
  if (!postgres) return Promise.resolve();
  return postgres.stop().then(() => rmSync(postgres.dir, { recursive: true, force: true }));
}
