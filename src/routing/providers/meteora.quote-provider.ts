import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SimulatedExchange } from '../../simulation/simulated-exchange.js';
import { SimulatedVenueProvider } from './simulated-venue.provider.js';

/** Meteora: DLMM pools, liquidity in price bins, base fee plus a volatility fee. */
@Injectable()
export class MeteoraQuoteProvider extends SimulatedVenueProvider {
  constructor(exchange: SimulatedExchange, config: AppConfig) {
    const seed = config.simulation.seed === undefined ? undefined : config.simulation.seed + 2;
    super('meteora', exchange, config.simulation.quoteDelay, seed);
  }
}
