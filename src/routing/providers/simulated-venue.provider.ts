import type { DelayRange } from '../../config/delay-range.js';
import { randomSource, type RandomSource } from '../../common/random.js';
import { simulatedDelay } from '../../simulation/simulated-delay.js';
import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { SimulatedExchange } from '../../simulation/simulated-exchange.js';
import { routablePool } from '../../simulation/routable-pools.js';
import { QuoteProvider, type VenuePool } from '../quote-provider.js';

/**
 * A venue of the simulated network: its pools as they are at the time of the read, after the configured network
 * latency. Only the network is simulated; the pool math is the venue's own and exact.
 */
export abstract class SimulatedVenueProvider extends QuoteProvider {
  private readonly random: RandomSource;

  protected constructor(
    readonly venue: VenueId,
    private readonly exchange: SimulatedExchange,
    private readonly quoteDelay: DelayRange,
    seed?: number,
  ) {
    super();
    this.random = randomSource(seed);
  }

  async pools(signal: AbortSignal): Promise<readonly VenuePool[]> {
    await simulatedDelay(this.quoteDelay, this.random, signal);
    const definitions = this.exchange.definitions().filter((definition) => definition.venue === this.venue);
    const now = this.exchange.now();
    const views = await this.exchange.view(definitions, now);
    return definitions.map((definition) => routablePool(definition, views.get(definition.id)!.state, now));
  }

  override onChange(listener: () => void): () => void {
    return this.exchange.onPoolsChanged(listener);
  }
}
