import pg from 'pg';
import { SqlClient } from './sql-client.js';

/** A real PostgreSQL server, used when `DATABASE_URL` is set. */
export class PostgresSqlClient extends SqlClient {
  readonly engine = 'postgres';

  constructor(private readonly pool: pg.Pool) {
    super();
  }

  static connect(url: string): PostgresSqlClient {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 3_000 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return new PostgresSqlClient(pool);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  protected async run<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }
}
