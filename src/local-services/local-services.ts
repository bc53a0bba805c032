import { LocalServiceError } from './local-service.error.js';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { AppConfig } from '../config/app-config.js';
import { ensureLocalPostgres } from './embedded-postgres.js';
import { ensureLocalRedis } from './embedded-redis.js';

export interface LocalServices {
  /** The configuration with the embedded services' URLs filled in. */
  readonly config: AppConfig;
  /** Stops what this process started. */
  stop(): Promise<void>;
}

/**
 * The zero-setup defaults: with no REDIS_URL (nor cluster or sentinels) the
 * engine uses or starts a local redis-server, and with no DATABASE_URL a
 * local PostgreSQL server, each in its own process with data under DATA_DIR.
 */
export async function ensureLocalServices(config: AppConfig): Promise<LocalServices> {
  const needsRedis = !config.redis.url && config.redis.clusterNodes.length === 0 && config.redis.sentinels.length === 0;
  if (needsRedis || !config.database.url) prepareDataDir(config.dataDir);
  const [redis, postgres] = await Promise.allSettled([
    needsRedis ? ensureLocalRedis(config.redis.embeddedPort, config.dataDir) : undefined,
    config.database.url ? undefined : ensureLocalPostgres(config.database.embeddedPort, config.dataDir),
  ]);
  if (redis.status === 'rejected' || postgres.status === 'rejected') {
    // One started, the other did not: stop the one, so that a failed start leaves nothing running.
    await Promise.all([redis, postgres].map((started) => (started.status === 'fulfilled' ? started.value?.stop() : undefined)));
    throw bothReasons([redis, postgres].filter((started) => started.status === 'rejected').map((failed) => failed.reason as Error));
  }
  return {
    config: new AppConfig({
      ...config,
      redis: { ...config.redis, url: config.redis.url ?? redis.value?.url },
      database: { ...config.database, url: config.database.url ?? postgres.value?.url },
    }),
    stop: async () => {
      await Promise.all([redis.value?.stop(), postgres.value?.stop()]);
    },
  };
}

/** DATA_DIR, created if need be; a path that cannot hold data is a configuration error named as such. */
function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new LocalServiceError(`DATA_DIR "${dir}" is not a writable directory (${(error as Error).message})`, { cause: error });
  }
}

/** One error saying what each failed service said (both, when neither started). */
function bothReasons(errors: Error[]): Error {
  if (errors.length === 1) return errors[0];
  return new LocalServiceError(errors.map((error) => error.message).join('\n'));
}
