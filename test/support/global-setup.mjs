// Runs outside Jest's module system, so it uses the build (`npm test` builds first).
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
  const { migrate } = await import(new URL('database/migrations.js', dist).href);
  const { PgliteSqlClient } = await import(new URL('database/pglite.sql-client.js', dist).href);
  const file = join(tmpdir(), `oee-pglite-template-${process.pid}.tar`);
  const client = await PgliteSqlClient.open('memory://');
  await migrate(client);
  writeFileSync(file, Buffer.from(await (await client.dump()).arrayBuffer()));
  await client.close();
  process.env.OEE_TEST_PGLITE_TEMPLATE = file;
}
