import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { UnauthorizedError } from '../common/errors/request.errors.js';
import { EngineMetrics } from './engine-metrics.service.js';

/** `GET /metrics` (Prometheus text): open when the engine runs open, an admin key's otherwise. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Req() request: AuthenticatedRequest): Promise<string> {
    // The guard identified the caller (it lets /metrics through: it is outside /api).
    if (!request.principal?.admin) throw new UnauthorizedError();
    return this.metrics.registry.metrics();
  }
}
