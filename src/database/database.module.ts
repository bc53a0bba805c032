import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { migrate } from './migrations.js';
import { OrderRepository } from './order.repository.js';
import { PgliteSqlClient } from './pglite.sql-client.js';
import { PostgresSqlClient } from './postgres.sql-client.js';
import { SqlClient } from './sql-client.js';

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: AppConfig): Promise<SqlClient> {
  const logger = new Logger('Database');
  const client = config.database.url
    ? PostgresSqlClient.connect(config.database.url)
    : await PgliteSqlClient.open(config.database.pgliteDir);
  const applied = await migrate(client);
  logger.log(
    `${client.engine === 'pglite' ? `PGlite at ${describeDir(config.database.pgliteDir)}` : 'PostgreSQL'}` +
      (applied.length ? `, applied migrations ${applied.join(', ')}` : ', schema up to date'),
  );
  return client;
}

const describeDir = (dir: string) => (dir.startsWith('memory://') ? 'memory://' : resolve(dir));

@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(SqlClient) private readonly client: SqlClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: SqlClient, useFactory: openDatabase, inject: [AppConfig] },
    OrderRepository,
    DatabaseShutdown,
  ],
  exports: [SqlClient, OrderRepository],
})
export class DatabaseModule {}
