import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeys } from '../auth/api-keys.service.js';
import { EngineMetrics } from './engine-metrics.service.js';

/** `GET /metrics` (Prometheus text): open when the engine runs open, an admin key's otherwise. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: EngineMetrics,
    private readonly keys: ApiKeys,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Req() request: FastifyRequest): Promise<string> {
    this.keys.requireOperator(request.headers, 'the metrics');
    return this.metrics.registry.metrics();
  }
}
