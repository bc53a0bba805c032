/**
 * The simulated market's time: the fair-value walk, arbitrage and landings
 * read it. The system clock in the engine; a test can fix it (with SIM_SEED,
 * the market is then the same on every run).
 */
export abstract class SimulationClock {
  abstract now(): number;
}

export class SystemClock extends SimulationClock {
  now(): number {
    return Date.now();
  }
}
