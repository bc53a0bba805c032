import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { SimulationModule } from '../simulation/simulation.module.js';
import { SettlementLatency, SimulatedSettlementLatency } from './settlement-latency.js';
import { PaperSettlement } from './paper-settlement.service.js';
import { SwapSettlement } from './swap-settlement.js';
import { ChainSettlement } from './chain-settlement.service.js';
import { ReservationSweeper } from './reservation-sweeper.service.js';
import { LandingModule } from '../landing/landing.module.js';
import { LocalMarketModule } from '../local-market/local-market.module.js';

/** Where swaps settle: on a Solana network (CHAIN=solana) or on paper, the simulated chain in Redis (CHAIN=paper). */
@Module({})
export class SettlementModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.chain.mode === 'solana') return chainSettlement();
    return {
      module: SettlementModule,
      global: true,
      imports: [SimulationModule],
      providers: [
        { provide: SwapSettlement, useClass: PaperSettlement },
        { provide: SettlementLatency, useClass: SimulatedSettlementLatency },
      ],
      exports: [SwapSettlement],
    };
  }
}

/** On a Solana network: signed transactions against the venues' vaults, from the custodial wallets (WalletsModule is global). */
function chainSettlement(): DynamicModule {
  return {
    module: SettlementModule,
    global: true,
    imports: [SimulationModule, LandingModule, LocalMarketModule],
    providers: [{ provide: SwapSettlement, useClass: ChainSettlement }, ReservationSweeper],
    exports: [SwapSettlement],
  };
}
