import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { DelayRange } from '../config/delay-range.js';
import { randomSource, type RandomSource } from '../common/random.js';
import { simulatedDelay } from '../simulation/simulated-delay.js';

/**
 * The time between sending a swap and the network executing it. A provider of
 * its own, so that a test can hold a swap in flight for exactly as long as it
 * needs (a price move, a takeover, an unsubscribe) instead of racing a timer.
 */
export abstract class SettlementLatency {
  abstract wait(signature: string): Promise<void>;
}

/** SIM_SETTLE_DELAY_MS: a delay drawn from the configured range (none at 0). */
@Injectable()
export class SimulatedSettlementLatency extends SettlementLatency {
  private readonly range: DelayRange;
  private readonly random: RandomSource;

  constructor(config: AppConfig) {
    super();
    this.range = config.simulation.settleDelay;
    const seed = config.simulation.seed;
    this.random = randomSource(seed === undefined ? undefined : seed + 4);
  }

  wait(): Promise<void> {
    return simulatedDelay(this.range, this.random);
  }
}
