import { Module } from '@nestjs/common';
import { SimulationModule } from '../simulation/simulation.module.js';
import { SwapExecutor } from './swap-executor.service.js';

@Module({
  imports: [SimulationModule],
  providers: [SwapExecutor],
  exports: [SwapExecutor],
})
export class SettlementModule {}
