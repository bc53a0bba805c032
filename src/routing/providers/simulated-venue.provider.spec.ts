import { loadConfig } from '../../config/environment.js';
import type { SimulatedExchange } from '../../simulation/simulated-exchange.js';
import { DEFAULT_TOKENS } from '../../tokens/token.js';
import { MeteoraQuoteProvider } from './meteora.quote-provider.js';
import { RaydiumQuoteProvider } from './raydium.quote-provider.js';

const [SOL, USDC, USDT] = DEFAULT_TOKENS;
const LIMIT = 1_000_000_000_000n; // the pool can take at most 1,000 SOL

/** An exchange with one SOL/USDC pool per venue: 150 USDC per SOL less a 0.25% fee, 2 bps of impact, at most LIMIT in. */
function fakeExchange(): { exchange: SimulatedExchange; views: string[] } {
  const views: string[] = [];
  const exchange = {
    now: () => 42,
    pool: (venue: string, input: { mint: string }, output: { mint: string }) =>
      [input.mint, output.mint].sort().join() === [SOL.mint, USDC.mint].sort().join() ? { id: `${venue}:SOL-USDC` } : undefined,
    view: async (definitions: { id: string }[], at: number) => {
      views.push(`${definitions.map((d) => d.id).join()}@${at}`);
      return new Map(definitions.map((d) => [d.id, { id: d.id }]));
    },
    swap: (_view: unknown, _input: unknown, requested: bigint) => {
      const amountIn = requested > LIMIT ? LIMIT : requested;
      const feeAmount = (amountIn * 25n) / 10_000n;
      return { amountIn, amountOut: ((amountIn - feeAmount) * 150n) / 1_000n, feeAmount, priceImpactBps: 2, spotAmountOut: 0n };
    },
  };
  return { exchange: exchange as unknown as SimulatedExchange, views };
}

const config = loadConfig({ SIM_QUOTE_DELAY_MS: '0' });

describe('simulated venue providers', () => {
  it('are the venues they say, and list only the pairs their pools trade', () => {
    const { exchange } = fakeExchange();
    const [raydium, meteora] = [new RaydiumQuoteProvider(exchange, config), new MeteoraQuoteProvider(exchange, config)];
    expect([raydium.venue, meteora.venue]).toEqual(['raydium', 'meteora']);
    expect(raydium.supports(SOL, USDC)).toBe(true);
    expect(raydium.supports(USDC, SOL)).toBe(true);
    expect(raydium.supports(SOL, USDT)).toBe(false);
  });

  it('quote from the pool as it is now: output, fee in base units and in bps, impact, display price, other sizes from the same view', async () => {
    const { exchange, views } = fakeExchange();
    const quote = await new RaydiumQuoteProvider(exchange, config).quote({ input: SOL, output: USDC, amountIn: 2_000_000_000n }, new AbortController().signal);
    expect(views).toEqual(['raydium:SOL-USDC@42']);
    expect(quote).toMatchObject({
      venue: 'raydium',
      amountIn: 2_000_000_000n,
      amountOut: 299_250_000n,
      feeAmount: 5_000_000n,
      feeBps: 25,
      priceImpactBps: 2,
      price: 149.625,
    });
    expect(quote.quoteFor(4_000_000_000n)).toMatchObject({ amountIn: 4_000_000_000n, amountOut: 598_500_000n, feeBps: 25 });
    expect(quote.quoteFor(0n)).toMatchObject({ amountIn: 0n, amountOut: 0n, feeBps: 0, price: 0 });
    expect(views).toHaveLength(1);
  });

  it('refuse a size the pool cannot fill, saying how much it can; a watcher reports the part it can take', async () => {
    const { exchange } = fakeExchange();
    const provider = new MeteoraQuoteProvider(exchange, config);
    await expect(provider.quote({ input: SOL, output: USDC, amountIn: LIMIT + 1n }, new AbortController().signal)).rejects.toMatchObject({
      code: 'INSUFFICIENT_LIQUIDITY',
      message: `meteora can fill only ${LIMIT} of ${LIMIT + 1n} base units`,
    });
    await expect(provider.quote({ input: SOL, output: USDC, amountIn: LIMIT }, new AbortController().signal)).resolves.toMatchObject({ amountIn: LIMIT });
    const watch = await provider.watch(SOL, USDC);
    expect(watch(LIMIT * 2n).amountIn).toBe(LIMIT);
    await expect(provider.watch(SOL, USDT)).rejects.toThrow('meteora does not list SOL/USDT');
  });
});
