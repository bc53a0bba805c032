import { Module } from '@nestjs/common';
import { SimulatedChain } from './simulated-chain.js';
import { SimulatedExchange } from './simulated-exchange.js';
import { SimulationClock, SystemClock } from './simulation-clock.js';
import { TokenLaunches } from './token-launches.service.js';

/** The stand-in for the Solana network: pools, their prices, token launches, and the transaction ledger. */
@Module({
  providers: [SimulatedChain, SimulatedExchange, TokenLaunches, { provide: SimulationClock, useClass: SystemClock }],
  exports: [SimulatedChain, SimulatedExchange, TokenLaunches],
})
export class SimulationModule {}
