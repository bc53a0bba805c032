import { Module } from '@nestjs/common';
import { SimulatedChain } from './simulated-chain.js';
import { SimulatedExchange } from './simulated-exchange.js';

/** The stand-in for the Solana network: pools, their prices, and the transaction ledger. */
@Module({
  providers: [SimulatedChain, SimulatedExchange],
  exports: [SimulatedChain, SimulatedExchange],
})
export class SimulationModule {}
