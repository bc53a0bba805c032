import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SimulatedMarket } from '../market/simulated-market.js';
import { SimulatedVenue } from './simulated-venue.js';

export const RAYDIUM_PAIRS = [
  'SOL/USDC', 'SOL/USDT', 'USDC/USDT', 'RAY/SOL', 'RAY/USDC', 'BONK/SOL', 'BONK/USDC', 'JUP/SOL', 'JUP/USDC',
];

/** Raydium AMM: 0.25% fee per swap. */
@Injectable()
export class RaydiumQuoteProvider extends SimulatedVenue {
  constructor(market: SimulatedMarket, config: AppConfig) {
    const seed = config.simulation.seed === undefined ? undefined : config.simulation.seed + 1;
    super({ venue: 'raydium', feeBps: 25, pairs: RAYDIUM_PAIRS }, market, config.simulation.quoteDelay, seed);
  }
}
