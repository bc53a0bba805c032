import { Module } from '@nestjs/common';
import { LocalMarketModule } from '../local-market/local-market.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { SimulationModule } from '../simulation/simulation.module.js';
import { ArbitrageTrader } from './arbitrage-trader.service.js';

/** The market's other traders on a Solana network: the arbitrageur that keeps venues within their fees of fair value. */
@Module({
  imports: [SimulationModule, RoutingModule, LocalMarketModule],
  providers: [ArbitrageTrader],
})
export class TradersModule {}
