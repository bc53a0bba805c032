import { Module } from '@nestjs/common';
import { SimulationModule } from '../simulation/simulation.module.js';
import { SettlementLatency, SimulatedSettlementLatency } from './settlement-latency.js';
import { SwapExecutor } from './swap-executor.service.js';

@Module({
  imports: [SimulationModule],
  providers: [SwapExecutor, { provide: SettlementLatency, useClass: SimulatedSettlementLatency }],
  exports: [SwapExecutor],
})
export class SettlementModule {}
