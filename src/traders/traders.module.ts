import { Module } from '@nestjs/common';
import { LocalMarketModule } from '../local-market/local-market.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { SimulationModule } from '../simulation/simulation.module.js';
import { ArbitrageTrader } from './arbitrage-trader.service.js';
import { BackgroundFlow } from './background-flow.service.js';
import { MarketTrades } from './market-trades.service.js';

/** The market's other traders on a Solana network: the arbitrageur that keeps venues within their fees of fair value, and the background flow. */
@Module({
  imports: [SimulationModule, RoutingModule, LocalMarketModule],
  providers: [MarketTrades, ArbitrageTrader, BackgroundFlow],
})
export class TradersModule {}
