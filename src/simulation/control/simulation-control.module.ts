import { Module } from '@nestjs/common';
import { SimulationModule } from '../simulation.module.js';
import { SimulationControl } from './simulation-control.service.js';
import { SimulationController } from './simulation.controller.js';

/** `/api/simulation/*`: moving the simulated market from outside. Loaded by API processes when SIM_CONTROL allows. */
@Module({
  imports: [SimulationModule],
  controllers: [SimulationController],
  providers: [SimulationControl],
})
export class SimulationControlModule {}
