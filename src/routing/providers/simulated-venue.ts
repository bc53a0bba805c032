import type { DelayRange } from '../../config/delay-range.js';
import { randomSource, type RandomSource } from '../../common/random.js';
import { simulatedDelay } from '../../common/simulated-delay.js';
import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { Token } from '../../tokens/token.js';
import type { SimulatedMarket } from '../market/simulated-market.js';
import { amountOutAtPrice, displayPrice } from '../price-math.js';
import { QuoteProvider, type QuoteRequest, type VenueQuote } from '../quote-provider.js';

export interface SimulatedVenueSpec {
  readonly venue: VenueId;
  readonly feeBps: number;
  /** Pairs the venue lists, as "SYMBOL/SYMBOL" in either order. */
  readonly pairs: readonly string[];
}

/**
 * A venue simulated in-process: prices come from the shared market, latency
 * from configuration. Only the network is simulated; the arithmetic is exact.
 */
export abstract class SimulatedVenue extends QuoteProvider {
  readonly venue: VenueId;
  readonly feeBps: number;
  private readonly pairs: ReadonlySet<string>;
  private readonly random: RandomSource;

  protected constructor(
    spec: SimulatedVenueSpec,
    private readonly market: SimulatedMarket,
    private readonly quoteDelay: DelayRange,
    seed?: number,
  ) {
    super();
    this.venue = spec.venue;
    this.feeBps = spec.feeBps;
    this.pairs = new Set(spec.pairs.flatMap((pair) => [pair, pair.split('/').reverse().join('/')]));
    this.random = randomSource(seed);
  }

  supports(input: Token, output: Token): boolean {
    return this.pairs.has(`${input.symbol}/${output.symbol}`);
  }

  async quote(request: QuoteRequest, signal: AbortSignal): Promise<VenueQuote> {
    await simulatedDelay(this.quoteDelay, this.random, signal);
    return this.execute(request);
  }

  execute({ input, output, amountIn }: QuoteRequest): VenueQuote {
    if (!this.supports(input, output)) throw new Error(`${this.venue} does not list ${input.symbol}/${output.symbol}`);
    const price = this.market.price(this.venue, input, output);
    const { amountOut, feeAmount } = amountOutAtPrice(amountIn, price, input.decimals, output.decimals, this.feeBps);
    return {
      venue: this.venue,
      amountIn,
      amountOut,
      feeAmount,
      feeBps: this.feeBps,
      price: displayPrice(amountIn, amountOut, input.decimals, output.decimals),
    };
  }
}
