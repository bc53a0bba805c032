import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { StatsResponse } from '../contracts/rest.js';
import { OrderStatsService } from './order-stats.service.js';

@ApiTags('engine')
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: OrderStatsService) {}

  /** Queue depth by job state, orders by status, and the last minute's throughput. */
  @Get()
  get(): Promise<StatsResponse> {
    return this.stats.stats();
  }
}
