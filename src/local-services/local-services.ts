import { LocalServiceError } from './local-service.error.js';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { AppConfig } from '../config/app-config.js';
import { ensureLocalPostgres } from './embedded-postgres.js';
import { ensureLocalRedis } from './embedded-redis.js';
import { ensureLocalSolana } from './embedded-solana.js';

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
  const { chain } = config;
  const [redis, postgres, solana] = await Promise.allSettled([
    needsRedis ? ensureLocalRedis(config.redis.embeddedPort, config.dataDir) : undefined,
    config.database.url ? undefined : ensureLocalPostgres(config.database.embeddedPort, config.dataDir),
    chain.mode === 'solana' && !chain.rpcUrl ? ensureLocalSolana(chain.embeddedRpcPort, chain.embeddedWsPort, chain.slotMs) : undefined,
  ]);
  const started = [redis, postgres, solana];
  if (started.some((service) => service.status === 'rejected')) {
    // Some started, some did not: stop those that did, so that a failed start leaves nothing running.
    await Promise.all(started.map((service) => (service.status === 'fulfilled' ? service.value?.stop() : undefined)));
    throw bothReasons(started.filter((service) => service.status === 'rejected').map((failed) => failed.reason as Error));
  }
  const [ourRedis, ourPostgres, ourSolana] = [redis, postgres, solana].map((service) => (service.status === 'fulfilled' ? service.value : undefined)) as [
    Awaited<ReturnType<typeof ensureLocalRedis>> | undefined,
    Awaited<ReturnType<typeof ensureLocalPostgres>> | undefined,
    Awaited<ReturnType<typeof ensureLocalSolana>> | undefined,
  ];
  return {
    config: new AppConfig({
      ...config,
      redis: { ...config.redis, url: config.redis.url ?? ourRedis?.url },
      database: { ...config.database, url: config.database.url ?? ourPostgres?.url },
      chain: { ...chain, rpcUrl: chain.rpcUrl ?? ourSolana?.rpcUrl, wsUrl: chain.wsUrl ?? ourSolana?.wsUrl },
    }),
    stop: async () => {
      await Promise.all([ourRedis?.stop(), ourPostgres?.stop(), ourSolana?.stop()]);
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
