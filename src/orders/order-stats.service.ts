import { Injectable } from '@nestjs/common';
import type { StatsResponse } from '../contracts/rest.js';
import { OrderQueries } from '../order-store/order-store.ports.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';

@Injectable()
export class OrderStatsService {
  constructor(
    private readonly orders: OrderQueries,
    private readonly producer: OrderExecutionProducer,
  ) {}

  async stats(): Promise<StatsResponse> {
    const minuteAgo = new Date(Date.now() - 60_000);
    const [queue, orders, confirmed, failed] = await Promise.all([
      this.producer.counts(),
      this.orders.countByStatus(),
      this.orders.countReached('confirmed', minuteAgo),
      this.orders.countReached('failed', minuteAgo),
    ]);
    return { queue, orders, lastMinute: { confirmed, failed }, at: new Date().toISOString() };
  }
}
