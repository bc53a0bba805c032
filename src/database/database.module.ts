import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { migrate } from './migrations.js';
import { SqlClient } from './sql-client.js';

/** Connects to the configured PostgreSQL and brings its schema up to date. */
async function openDatabase(config: AppConfig): Promise<SqlClient> {
  if (!config.database.url) throw new Error('DATABASE_URL is not resolved: start the app through bootstrap()');
  const client = SqlClient.connect(config.database.url, config.database.poolSize);
  const applied = await migrate(client);
  new Logger('Database').log(
    `PostgreSQL at ${describe(config.database.url)}${applied.length ? `, applied migrations ${applied.join(', ')}` : ', schema up to date'}`,
  );
  return client;
}

/** The URL without its password: never logged. */
const describe = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
};

@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(SqlClient) private readonly client: SqlClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

@Global()
@Module({
  providers: [{ provide: SqlClient, useFactory: openDatabase, inject: [AppConfig] }, DatabaseShutdown],
  exports: [SqlClient],
})
export class DatabaseModule {}
