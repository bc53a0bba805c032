import { Injectable } from '@nestjs/common';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import type { StatsResponse } from '../contracts/rest.js';
import { OrderQueries } from '../order-store/order-queries.port.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { QueueLimiter } from '../queue/queue-limiter.js';

@Injectable()
export class OrderStatsService {
  constructor(
    private readonly orders: OrderQueries,
    private readonly producer: OrderExecutionProducer,
    private readonly limiter: QueueLimiter,
  ) {}

  async stats(): Promise<StatsResponse> {
    const minuteAgo = new Date(Date.now() - 60_000);
    const [queue, limiter, orders, confirmed, failed] = await Promise.all([
      // Redis away: the order figures (PostgreSQL's) are still worth answering.
      this.producer.counts().catch((error: unknown) => (error instanceof DependencyUnavailableError ? null : Promise.reject(error))),
      this.limiter.now().then((view) => view ?? null),
      this.orders.countByStatus(),
      this.orders.countReached('confirmed', minuteAgo),
      this.orders.countReached('failed', minuteAgo),
    ]);
    return { queue, limiter, orders, lastMinute: { confirmed, failed }, at: new Date().toISOString() };
  }
}
