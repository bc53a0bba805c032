import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { PriceHistoryStore } from './price-history.store.js';
import { PriceSampler } from './price-sampler.service.js';

/** The price sampler: periodic work that worker processes run. */
@Module({
  imports: [RoutingModule],
  providers: [PriceHistoryStore, PriceSampler],
})
export class PriceSamplingModule {}
