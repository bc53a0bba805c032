import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SimulatedMarket } from '../market/simulated-market.js';
import { SimulatedVenue } from './simulated-venue.js';

export const METEORA_PAIRS = [
  'SOL/USDC', 'SOL/USDT', 'USDC/USDT', 'BONK/SOL', 'BONK/USDC', 'JUP/SOL', 'JUP/USDC', 'JUP/USDT',
];

/** Meteora pools: 0.20% base fee per swap. */
@Injectable()
export class MeteoraQuoteProvider extends SimulatedVenue {
  constructor(market: SimulatedMarket, config: AppConfig) {
    const seed = config.simulation.seed === undefined ? undefined : config.simulation.seed + 2;
    super({ venue: 'meteora', feeBps: 20, pairs: METEORA_PAIRS }, market, config.simulation.quoteDelay, seed);
  }
}
