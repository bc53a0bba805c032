// Runs outside Jest's module system, so it uses the build (`npm test` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The integration tests start real redis-server processes: make sure the binary is there.
 * A fresh PGlite takes seconds to initialise; cloning a migrated one takes a
 * fraction of that. Build it once per run and let every test load a copy.
 */
export default async function globalSetup() {
  const dist = new URL('../../dist/', import.meta.url);
  if (!existsSync(new URL('database/migrations.js', dist))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`');
  }
  const { ensureRedisServerInstalled } = await import(new URL('redis/redis-server-binary.js', dist).href);
  ensureRedisServerInstalled();
  ensureChromiumInstalled();
  const { migrate } = await import(new URL('database/migrations.js', dist).href);
  const { PgliteSqlClient } = await import(new URL('database/pglite.sql-client.js', dist).href);
  const file = join(tmpdir(), `oee-pglite-template-${process.pid}.tar`);
  const client = await PgliteSqlClient.open('memory://');
  await migrate(client);
  writeFileSync(file, Buffer.from(await (await client.dump()).arrayBuffer()));
  await client.close();
  process.env.OEE_TEST_PGLITE_TEMPLATE = file;
}

/** The dashboard's browser test drives Debian's Chromium; install it when missing and root. */
function ensureChromiumInstalled() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/lib/chromium/chromium') || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).error) return; // the test then says what is missing
  console.log('chromium is not installed: installing the Debian package for the dashboard test…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) spawnSync('apt-get', args, { stdio: 'inherit', env });
}
