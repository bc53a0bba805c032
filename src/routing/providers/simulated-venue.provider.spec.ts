import { loadConfig } from '../../config/environment.js';
import type { PoolDefinition } from '../../simulation/pool-catalog.js';
import { createPoolState, quotePool } from '../../simulation/pool-state.js';
import type { SimulatedExchange } from '../../simulation/simulated-exchange.js';
import { DEFAULT_TOKENS } from '../../tokens/token.js';
import { MeteoraQuoteProvider } from './meteora.quote-provider.js';
import { RaydiumQuoteProvider } from './raydium.quote-provider.js';

const [SOL, USDC, USDT] = DEFAULT_TOKENS;
const NOW = 42;
const definition = (venue: 'raydium' | 'meteora', y: typeof USDC): PoolDefinition => ({
  venue,
  id: `${venue}:SOL-${y.symbol}`,
  x: SOL,
  y,
  spec: { kind: 'cpmm', pair: ['SOL', y.symbol], tvlUsd: 1_000_000, feeBps: 25 },
});
const DEFINITIONS = [definition('raydium', USDC), definition('meteora', USDC), definition('raydium', USDT)];

/** An exchange listing three pools, each at 150 per SOL, recording what was read and when. */
function fakeExchange(): { exchange: SimulatedExchange; views: string[]; changed: () => void } {
  const views: string[] = [];
  let listener = () => undefined as void;
  const exchange = {
    now: () => NOW,
    definitions: () => DEFINITIONS,
    view: async (definitions: PoolDefinition[], at: number) => {
      views.push(`${definitions.map((d) => d.id).join()}@${at}`);
      return new Map(definitions.map((d) => [d.id, { definition: d, state: createPoolState(d, 150, at), at, version: '1' }]));
    },
    onPoolsChanged: (next: () => void) => ((listener = next), () => (listener = () => undefined)),
  };
  return { exchange: exchange as unknown as SimulatedExchange, views, changed: () => listener() };
}

const config = (delay = '0') => loadConfig({ SIM_QUOTE_DELAY_MS: delay });

describe('simulated venue providers', () => {
  it("read the venue's own pools as they are now, each quoting either way as its state does", async () => {
    const { exchange, views } = fakeExchange();
    const raydium = new RaydiumQuoteProvider(exchange, config());
    expect([raydium.venue, new MeteoraQuoteProvider(exchange, config()).venue]).toEqual(['raydium', 'meteora']);
    const pools = await raydium.pools(new AbortController().signal);
    expect(views).toEqual(['raydium:SOL-USDC,raydium:SOL-USDT@42']);
    expect(pools.map((pool) => [pool.id, pool.venue, pool.mints, pool.tokens.map((t) => t.symbol)])).toEqual([
      ['raydium:SOL-USDC', 'raydium', [SOL.mint, USDC.mint], ['SOL', 'USDC']],
      ['raydium:SOL-USDT', 'raydium', [SOL.mint, USDT.mint], ['SOL', 'USDT']],
    ]);
    const state = createPoolState(DEFINITIONS[0], 150, NOW);
    expect(pools[0].quote(SOL.mint, 10n ** 9n)).toEqual(quotePool(state, 10n ** 9n, 'xToY', NOW));
    expect(pools[0].quote(USDC.mint, 150_000_000n)).toEqual(quotePool(state, 150_000_000n, 'yToX', NOW));
  });

  it('take the configured latency, and stop waiting when the read is abandoned', async () => {
    const { exchange, views } = fakeExchange();
    const controller = new AbortController();
    const read = new MeteoraQuoteProvider(exchange, config('5000')).pools(controller.signal);
    controller.abort(new Error('too slow'));
    await expect(read).rejects.toThrow('too slow');
    expect(views).toEqual([]);
  });

  it("tell the router when the exchange's pools change", () => {
    const { exchange, changed } = fakeExchange();
    let calls = 0;
    const stop = new RaydiumQuoteProvider(exchange, config()).onChange(() => calls++);
    changed();
    stop();
    changed();
    expect(calls).toBe(1);
  });
});
