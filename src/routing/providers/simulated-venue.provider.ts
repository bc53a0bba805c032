import type { DelayRange } from '../../config/delay-range.js';
import { randomSource, type RandomSource } from '../../common/random.js';
import { simulatedDelay } from '../../simulation/simulated-delay.js';
import type { VenueId } from '../../contracts/order-lifecycle.js';
import type { SimulatedExchange, PoolView } from '../../simulation/simulated-exchange.js';
import type { Token } from '../../tokens/token.js';
import { displayPrice } from '../../tokens/display-price.js';
import { QuoteProvider, type PricedQuote, type QuoteRequest, type VenueQuote } from '../quote-provider.js';
import { InsufficientLiquidityError } from '../routing.errors.js';

/**
 * A venue of the simulated network: quotes come from its pools' state at the
 * time of the quote, after the configured network latency. Only the network
 * is simulated; the pool math is the venue's own and exact.
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

  supports(input: Token, output: Token): boolean {
    return this.exchange.pool(this.venue, input, output) !== undefined;
  }

  async quote(request: QuoteRequest, signal: AbortSignal): Promise<PricedQuote> {
    await simulatedDelay(this.quoteDelay, this.random, signal);
    const quoteFor = await this.watch(request.input, request.output);
    const quote = quoteFor(request.amountIn);
    if (quote.amountIn < request.amountIn) throw new InsufficientLiquidityError(this.venue, quote.amountIn, request.amountIn);
    return { ...quote, quoteFor };
  }

  override onChange(listener: () => void): () => void {
    return this.exchange.onPoolsChanged(listener);
  }

  async watch(input: Token, output: Token): Promise<(amountIn: bigint) => VenueQuote> {
    const definition = this.exchange.pool(this.venue, input, output);
    if (!definition) throw new Error(`${this.venue} does not list ${input.symbol}/${output.symbol}`);
    const view = (await this.exchange.view([definition], this.exchange.now())).get(definition.id)!;
    return (amountIn) => this.quoteOn(view, { input, output, amountIn }, amountIn);
  }

  private quoteOn(view: PoolView, request: QuoteRequest, requested: bigint): VenueQuote {
    const { amountIn, amountOut, feeAmount, priceImpactBps } = this.exchange.swap(view, request.input, requested);
    return {
      venue: this.venue,
      amountIn,
      amountOut,
      feeAmount,
      feeBps: amountIn === 0n ? 0 : Number((feeAmount * 1_000_000n) / amountIn) / 100,
      priceImpactBps,
      price: displayPrice(amountIn, amountOut, request.input.decimals, request.output.decimals),
    };
  }
}
