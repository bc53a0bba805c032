import pg from 'pg';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import type { Statement } from './statement.js';

/** One connection checked out of the pool, for work that needs a single session (migrations). */
interface SqlSession {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The one way the engine talks to PostgreSQL: a pool of `pg` connections to
 * the embedded server or to DATABASE_URL. Queries use `$1` placeholders.
 */
export class SqlClient {
  constructor(private readonly pool: pg.Pool) {}

  static connect(url: string, poolSize = 10): SqlClient {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 3_000 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return new SqlClient(pool);
  }

  /**
   * Runs one statement; connection failures surface as `DependencyUnavailableError`.
   * A `name` makes it a prepared statement: parsed and planned once per
   * connection, not on every call (for the hot statements).
   */
  async query<Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    try {
      return (await this.pool.query({ text: sql, values: params as unknown[], name })).rows as Row[];
    } catch (error) {
      throw asUnavailable(error);
    }
  }

  /** Runs a named statement with its parameters given by name. */
  run<Param extends string, Row>(statement: Statement<Param, Row>, params: Readonly<Record<Param, unknown>>): Promise<Row[]> {
    return this.query<Row>(statement.text, statement.values(params), statement.name);
  }

  /** Runs `work` on one connection inside a transaction, committed when it resolves. */
  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(asUnavailable(error)));
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as Row[],
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw asUnavailable(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // Logins refused (wrong password, no such role or database) and too many connections: unreachable for us.
  '28P01',
  '28000',
  '3D000',
  '53300',
]);

function asUnavailable(error: unknown): unknown {
  return isConnectionFailure(error) ? new DependencyUnavailableError('database', error) : error;
}

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (
    (code !== undefined && CONNECTION_ERROR_CODES.has(code)) ||
    /Cannot use a pool after calling end|Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}
