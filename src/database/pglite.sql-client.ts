import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SqlClient } from './sql-client.js';

/** PostgreSQL compiled to WebAssembly, in-process: the zero-setup default. */
export class PgliteSqlClient extends SqlClient {
  readonly engine = 'pglite';

  constructor(private readonly db: PGlite) {
    super();
  }

  /** Opens (or creates) the database in `dataDir`; `memory://` keeps it in memory. */
  static async open(dataDir: string, loadDataDir?: Blob): Promise<PgliteSqlClient> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    return new PgliteSqlClient(await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {}));
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }

  /** A tarball of the whole database, to clone it quickly (tests). */
  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none') as Promise<Blob>;
  }

  protected async run<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }
}
