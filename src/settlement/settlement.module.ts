import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { SimulatedChain } from './simulated-chain.js';
import { SwapExecutor } from './swap-executor.service.js';

@Module({
  imports: [RoutingModule],
  providers: [SimulatedChain, SwapExecutor],
  exports: [SwapExecutor],
})
export class SettlementModule {}
