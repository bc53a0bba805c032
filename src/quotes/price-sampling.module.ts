import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { SimulationModule } from '../simulation/simulation.module.js';
import { PriceHistoryStore } from './price-history.store.js';
import { PriceSampler } from './price-sampler.service.js';

/** The price sampler: periodic work that worker processes run. */
@Module({
  imports: [RoutingModule, SimulationModule],
  providers: [PriceHistoryStore, PriceSampler],
})
export class PriceSamplingModule {}
