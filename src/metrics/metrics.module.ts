import { Global, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { OrderEventsSubscriberModule } from '../events/order-events-subscriber.module.js';
import { OrderExecutionProducer } from '../queue/order-execution.producer.js';
import { QueueModule } from '../queue/queue.module.js';
import { EngineMetrics } from './engine-metrics.service.js';
import { MetricsServer } from './metrics-server.js';

/** Prometheus metrics for every role: `GET /metrics` on API processes, and `METRICS_PORT` on any process. */
@Global()
@Module({
  imports: [OrderEventsSubscriberModule, QueueModule],
  providers: [EngineMetrics, MetricsServer],
  exports: [EngineMetrics],
})
export class MetricsModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: EngineMetrics,
    private readonly producer: OrderExecutionProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.gauge('oee_queue_jobs', 'Jobs in the order queue, by state', ['state'], async (gauge) => {
      for (const [state, count] of Object.entries(await this.producer.counts().catch(() => ({})))) gauge.set({ state }, count);
    });
  }
}
