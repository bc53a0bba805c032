import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SimulatedExchange } from '../../simulation/simulated-exchange.js';
import { SimulatedVenueProvider } from './simulated-venue.provider.js';

/** Raydium: constant-product (x · y = k) pools, 0.25% fee. */
@Injectable()
export class RaydiumQuoteProvider extends SimulatedVenueProvider {
  constructor(exchange: SimulatedExchange, config: AppConfig) {
    const seed = config.simulation.seed === undefined ? undefined : config.simulation.seed + 1;
    super('raydium', exchange, config.simulation.quoteDelay, seed);
  }
}
