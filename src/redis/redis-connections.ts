import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { FailureLog } from '../common/failure-log.js';
import { AppConfig } from '../config/app-config.js';
import { createRedisClient, taggedPrefix, type RedisClient } from './redis-options.js';

/** Creates the engine's Redis connections and closes its own on shutdown. */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients: RedisClient[] = [];
  private readonly prefix: string;

  constructor(private readonly config: AppConfig) {
    this.prefix = taggedPrefix(config.redis.keyPrefix);
  }

  /**
   * A connection of the engine's own (not BullMQ's): commands fail fast when
   * Redis is away, and within REDIS_COMMAND_TIMEOUT_MS when it does not answer.
   */
  create(name: string): RedisClient {
    const client = createRedisClient(this.config.redis, {
      connectionName: `oee:${name}`,

      maxRetriesPerRequest: 2,
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
      commandTimeout: this.config.redis.commandTimeoutMs,
      // A connection whose commands get no reply at all is dropped and made again: the commands waiting on a
      // hung Redis are failed then, instead of piling up behind it.
      socketTimeout: 2 * this.config.redis.commandTimeoutMs,
    });
    this.watch(client, name);
    return client;
  }

  /** BullMQ's connection: BullMQ requires `maxRetriesPerRequest: null` for its blocking commands. */
  bullConnection(): Redis | Cluster {
    const client = createRedisClient(this.config.redis, { connectionName: 'oee:bull', maxRetriesPerRequest: null });
    this.watch(client, 'queue');
    return client;
  }

  /** Redis being away is logged once per connection (then counted), and its return once. */
  private watch(client: RedisClient, name: string): void {
    const failures = new FailureLog(this.logger, `connection ${name}`);
    client.on('error', (error: Error) => failures.failed(error));
    client.on('ready', () => failures.recovered());
    this.clients.push(client);
  }

  bullPrefix(): string {
    return `${this.prefix}:bull`;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for Redis: with Redis away it would wait for ever, so drop those connections at once.
    await Promise.all(this.clients.map((client) => (client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect())));
  }
}
