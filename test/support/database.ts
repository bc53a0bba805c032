import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/database/migrations.js';
import { SqlClient } from '../../src/database/sql-client.js';

/** The server the tests use: DATABASE_URL when set, else the embedded PostgreSQL the global setup started. */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL || process.env.OEE_TEST_DATABASE_URL;
  if (!url) throw new Error('no test database: run the tests through `npm test` (its global setup starts PostgreSQL)');
  return url;
}

export interface TestSchema {
  /** A URL whose connections use only this schema. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty schema on the test server: each test app gets its own, dropped after it. */
export async function createTestSchema(): Promise<TestSchema> {
  const server = testServerUrl();
  const schema = `test_${randomUUID().replace(/-/g, '')}`;
  await adminQuery(server, `CREATE SCHEMA ${schema}`);
  const separator = server.includes('?') ? '&' : '?';
  return {
    url: `${server}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: () => adminQuery(server, `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

export interface TestDatabase extends SqlClient {
  /** Closes the pool and drops the schema. */
  dispose(): Promise<void>;
}

/** A fresh, migrated schema for one test app, with a pool connected to it. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const schema = await createTestSchema();
  const client = SqlClient.connect(schema.url, 5);
  await migrate(client);
  return Object.assign(client, {
    dispose: async () => {
      await client.close().catch(() => undefined);
      await schema.drop();
    },
  });
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new order's fields for orders placed open and without a client order id. */
export const NO_CLIENT_ID = { owner: null, clientOrderId: null, requestHash: null } as const;
