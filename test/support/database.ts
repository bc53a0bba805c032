import { MARKET_TERMS } from '../../src/contracts/order-lifecycle.js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/database/migrations.js';
import { SqlClient } from '../../src/database/sql-client.js';
import type { StatusChange } from '../../src/contracts/order-lifecycle.js';
import type { INestApplicationContext } from '@nestjs/common';
import { OrderWrites } from '../../src/order-store/order-writes.port.js';
import { OrderQueries } from '../../src/order-store/order-queries.port.js';
import { SqlOrderQueries } from '../../src/order-store/sql/sql-order-queries.js';
import { SqlOrderWrites } from '../../src/order-store/sql/sql-order-writes.js';

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

const SOL = { symbol: 'SOL', mint: 'So11111111111111111111111111111111111111112', decimals: 9 };
const USDC = { symbol: 'USDC', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6 };

/** Stores a market sell of SOL for USDC (1 SOL unless said), as the API would, without queueing it: the test drives it. */
export async function storeMarketSell(orders: Pick<OrderWrites, 'insert'>, options: { amountIn?: bigint; createdAt?: Date } = {}): Promise<string> {
  return (await insertMarketSell(orders, options))!.orderId;
}

/** `storeMarketSell`, answering the stored `pending` event as the store returns it. */
export function insertMarketSell(
  orders: Pick<OrderWrites, 'insert'>,
  { amountIn = 1_000_000_000n, createdAt = new Date() } = {},
): ReturnType<OrderWrites['insert']> {
  const id = randomUUID();
  return orders.insert(
    {
      id,
      type: 'market',
      side: 'sell',
      input: SOL,
      output: USDC,
      amountIn,
      slippageBps: 50,
      terms: MARKET_TERMS,
      createdAt,
      owner: null,
      clientOrderId: null,
      requestHash: null,
    },
    { type: 'market', side: 'sell', inputToken: SOL, outputToken: USDC, amountIn: `${amountIn}`, slippageBps: 50 },
  );
}

/**
 * The order store's reads and writes in one object, for tests that set up and inspect order state directly
 * (the engine itself writes only through OrderLifecycle).
 */
export type TestOrderStore = OrderQueries &
  OrderWrites & { claimAndRecord(orderId: string, runId: string, changes: readonly StatusChange[], atSeq?: number): ReturnType<OrderWrites['record']> };

export function testOrderStore(writes: OrderWrites, queries: OrderQueries): TestOrderStore {
  const claimAndRecord = (orderId: string, runId: string, changes: readonly StatusChange[], atSeq?: number) =>
    writes.record(orderId, changes, { runId, claim: true, atSeq });
  return new Proxy({} as TestOrderStore, {
    get: (_target, name: string) => {
      if (name === 'claimAndRecord') return claimAndRecord;
      const owner = name in writes ? writes : queries;
      return (owner as unknown as Record<string, (...args: unknown[]) => unknown>)[name].bind(owner);
    },
  });
}

/** The SQL order store on a test database. */
export const sqlOrderStore = (sql: SqlClient): TestOrderStore => testOrderStore(new SqlOrderWrites(sql), new SqlOrderQueries(sql));

/** The order store a running test engine uses. */
export const orderStoreOf = (app: INestApplicationContext): TestOrderStore =>
  testOrderStore(app.get(OrderWrites, { strict: false }), app.get(OrderQueries, { strict: false }));
