import { DependencyUnavailableError } from '../common/errors/request.errors.js';

/**
 * The one way the engine talks to PostgreSQL, whether embedded (PGlite) or a
 * real server (node-postgres). Queries use `$1` placeholders.
 */
export abstract class SqlClient {
  abstract readonly engine: 'pglite' | 'postgres';

  /** Runs one statement; connection failures surface as `DependencyUnavailableError`. */
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      return await this.run<Row>(sql, params);
    } catch (error) {
      throw isConnectionFailure(error) ? new DependencyUnavailableError('database', error) : error;
    }
  }

  /** Runs a script of several statements (migrations). */
  abstract exec(sql: string): Promise<void>;

  abstract close(): Promise<void>;

  protected abstract run<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (
    (code !== undefined && CONNECTION_ERROR_CODES.has(code)) ||
    /PGlite is closed|Cannot use a pool after calling end|Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}
