import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { redisOptionsFromUrl } from './redis-options.js';

/** Creates the engine's own Redis connections (not BullMQ's) and closes them on shutdown. */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients: Redis[] = [];
  readonly keyPrefix: string;

  constructor(private readonly config: AppConfig) {
    this.keyPrefix = config.redis.keyPrefix;
  }

  create(name: string): Redis {
    const client = new Redis({
      ...redisOptionsFromUrl(requireRedisUrl(this.config)),
      connectionName: `oee:${name}`,
      maxRetriesPerRequest: 2,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    client.on('error', (error) => this.logger.warn(`${name}: ${error.message}`));
    this.clients.push(client);
    return client;
  }

  key(...parts: string[]): string {
    return [this.keyPrefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

export function requireRedisUrl(config: AppConfig): string {
  if (!config.redis.url) throw new Error('REDIS_URL is not resolved: start the app through bootstrap()');
  return config.redis.url;
}
