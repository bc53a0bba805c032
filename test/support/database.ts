import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrate } from '../../src/database/migrations.js';
import { PgliteSqlClient } from '../../src/database/pglite.sql-client.js';
import { PostgresSqlClient } from '../../src/database/postgres.sql-client.js';
import type { SqlClient } from '../../src/database/sql-client.js';

/**
 * A fresh, migrated database for one test app: an in-memory PGlite cloned
 * from the run's template, or, when DATABASE_URL is set, a new schema on
 * that real PostgreSQL server.
 */
export async function openTestDatabase(): Promise<SqlClient> {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgresSchema(url);
  const template = process.env.OEE_TEST_PGLITE_TEMPLATE;
  const client = template
    ? await PgliteSqlClient.open('memory://', new Blob([readFileSync(template)]))
    : await PgliteSqlClient.open('memory://');
  await migrate(client);
  return client;
}

async function openPostgresSchema(url: string): Promise<SqlClient> {
  const schema = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const separator = url.includes('?') ? '&' : '?';
  const client = PostgresSqlClient.connect(`${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  await migrate(client);
  return client;
}
