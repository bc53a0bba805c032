import { Module } from '@nestjs/common';
import { SimulatedChain } from './simulated-chain.js';
import { SimulatedExchange } from './simulated-exchange.js';
import { SimulationClock, SystemClock } from './simulation-clock.js';

/** The stand-in for the Solana network: pools, their prices, and the transaction ledger. */
@Module({
  providers: [SimulatedChain, SimulatedExchange, { provide: SimulationClock, useClass: SystemClock }],
  exports: [SimulatedChain, SimulatedExchange],
})
export class SimulationModule {}
