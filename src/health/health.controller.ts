import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { withTimeout } from '../common/time-limit.js';
import { SqlClient } from '../database/sql-client.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { ChainInfo } from '../chain/chain-info.js';
import { EXECUTION_STATUS, type ExecutionStatus } from './execution-status.js';
import { ShutdownState } from './shutdown-state.js';

/** A dependency that does not answer within this long counts as down: readiness answers in bounded time. */
const CHECK_TIMEOUT_MS = 1_000;

@ApiTags('engine')
@Controller('api')
export class HealthController {
  private readonly redis: RedisClient;

  constructor(
    private readonly tokens: TokenRegistry,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    private readonly sql: SqlClient,
    private readonly moduleRef: ModuleRef,
    private readonly chain: ChainInfo,
    connections: RedisConnections,
  ) {
    this.redis = connections.create('health');
  }

  /** The seed's health check: the process answers. */
  @Get('health')
  healthCheck(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Liveness: the process answers (restart it if not). */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: Redis, the database and the Solana network (CHAIN=solana) answer, this process's worker runs
   * (when it has one), and it is not shutting down. 503 otherwise, with what is down: a load balancer sends it no traffic.
   */
  @Get('health/ready')
  @ApiOkResponse({ description: 'Ready: every check up' })
  @ApiServiceUnavailableResponse({ description: 'Not ready: the checks that are down, and why' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | string | object> {
    try {
      return await this.health.check([
        () => (this.shutdown.stopping ? this.indicators.check('shutdown').down('shutting down') : this.indicators.check('shutdown').up()),
        () => this.indicators.check('redis').attempt(async () => void (await withTimeout(this.redis.ping(), CHECK_TIMEOUT_MS))),
        () => this.indicators.check('database').attempt(async () => void (await withTimeout(this.sql.query('SELECT 1'), CHECK_TIMEOUT_MS))),
        () => this.workerCheck(),
        () => this.indicators.check('chain').attempt(async () => void (await withTimeout(this.chain.ping(), CHECK_TIMEOUT_MS))),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503).header('retry-after', '2');
      return error.getResponse();
    }
  }

  /** The tokens orders may name, by symbol or mint. */
  @Get('tokens')
  list() {
    return { tokens: this.tokens.all().map(({ symbol, name, mint, decimals, native }) => ({ symbol, name, mint, decimals, native })) };
  }

  /** A process with a worker (ENGINE_ROLE=all) is ready only while it runs; an API-only process has none to check. */
  private workerCheck() {
    const check = this.indicators.check('worker');
    const execution = this.execution();
    if (!execution) return check.up({ role: 'api' });
    return execution.isRunning() ? check.up() : check.down('the order worker is not running');
  }

  private execution(): ExecutionStatus | undefined {
    try {
      return this.moduleRef.get<ExecutionStatus>(EXECUTION_STATUS, { strict: false });
    } catch {
      return undefined; // an API-only process loads no execution module
    }
  }
}
