import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/environment.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import { DEFAULT_TOKENS, type Token } from '../tokens/token.js';
import { DexRouter } from './dex-router.service.js';
import { QuoteProvider, type PricedQuote, type QuoteRequest, type VenueQuote } from './quote-provider.js';

const [SOL, USDC, , , BONK] = DEFAULT_TOKENS;
const REQUEST: QuoteRequest = { input: SOL, output: USDC, amountIn: 1_000_000_000n };

/** A deterministic venue: fixed output and fee, or a failure, or never answering. */
class FakeVenue extends QuoteProvider {
  constructor(
    readonly venue: VenueId,
    private readonly behaviour: { amountOut?: bigint; feeBps?: number; fails?: string; hangs?: boolean; lists?: boolean },
  ) {
    super();
  }

  supports(_input: Token, output: Token): boolean {
    return this.behaviour.lists !== false && output !== BONK;
  }

  quote(request: QuoteRequest, signal: AbortSignal): Promise<PricedQuote> {
    if (this.behaviour.hangs) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    if (this.behaviour.fails) return Promise.reject(new Error(this.behaviour.fails));
    // A linear venue (no price impact): the output scales with the input.
    const quoteFor = (amountIn: bigint): VenueQuote => ({
      venue: this.venue,
      amountIn,
      amountOut: (this.behaviour.amountOut! * amountIn) / request.amountIn,
      feeAmount: 0n,
      feeBps: this.behaviour.feeBps ?? 25,
      priceImpactBps: 0,
      price: 150,
    });
    return Promise.resolve({ ...quoteFor(request.amountIn), quoteFor });
  }

  async watch(input: Token, output: Token): Promise<(amountIn: bigint) => VenueQuote> {
    const { quoteFor } = await this.quote({ input, output, amountIn: REQUEST.amountIn }, new AbortController().signal);
    return quoteFor;
  }
}

const config = (timeout = 200): AppConfig => loadConfig({ QUOTE_TIMEOUT_MS: String(timeout) });
const router = (...venues: FakeVenue[]) => new DexRouter(venues, config());

describe('DexRouter', () => {
  it('picks the venue with the best net output and says by how much', async () => {
    const decision = await router(new FakeVenue('raydium', { amountOut: 149_000_000n }), new FakeVenue('meteora', { amountOut: 153_470_000n })).route(REQUEST);
    expect(decision.bestSingle.venue).toBe('meteora');
    expect(decision.advantageBps).toBe(300);
    expect(decision.reason).toBe('meteora returns 300 bps more USDC than raydium after fees and price impact');
    expect(decision.route.legs.map((leg) => leg.venue)).toEqual(['meteora']);
    expect(decision.splitGainBps).toBeNull();
    expect(decision.outcomes.map((o) => o.ok)).toEqual([true, true]);
  });

  it('survives a venue that fails, and reports its error', async () => {
    const decision = await router(new FakeVenue('raydium', { fails: 'pool account not found' }), new FakeVenue('meteora', { amountOut: 100n })).route(REQUEST);
    expect(decision.bestSingle.venue).toBe('meteora');
    expect(decision.advantageBps).toBeNull();
    expect(decision.outcomes[0]).toMatchObject({ venue: 'raydium', ok: false, error: { code: 'VENUE_ERROR', message: 'pool account not found' } });
    expect(decision.reason).toContain('only venue that answered');
  });

  it('does not wait for a venue that never answers beyond the timeout', async () => {
    const started = Date.now();
    const decision = await new DexRouter([new FakeVenue('raydium', { hangs: true }), new FakeVenue('meteora', { amountOut: 100n })], config(100)).route(
      REQUEST,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decision.bestSingle.venue).toBe('meteora');
    expect(decision.outcomes[0]).toMatchObject({ ok: false, error: { code: 'QUOTE_TIMEOUT' } });
  });

  it('fails retryably when every venue fails, and permanently when none lists the pair', async () => {
    const dead = router(new FakeVenue('raydium', { fails: 'down' }), new FakeVenue('meteora', { hangs: true }));
    await expect(dead.route(REQUEST)).rejects.toMatchObject({ code: 'ALL_VENUES_FAILED', retryable: true });
    await expect(router(new FakeVenue('raydium', { amountOut: 1n })).route({ ...REQUEST, output: BONK })).rejects.toMatchObject({
      code: 'NO_ROUTE',
      retryable: false,
    });
  });

  it('only asks the venues that list the pair', async () => {
    const decision = await router(new FakeVenue('raydium', { amountOut: 5n, lists: false }), new FakeVenue('meteora', { amountOut: 4n })).route(REQUEST);
    expect(decision.outcomes.map((o) => o.venue)).toEqual(['meteora']);
    expect(decision.reason).toBe('meteora is the only venue that lists SOL/USDC');
  });

  it('a snapshot routes any size on the venues as watched, skips a venue that cannot be watched, and gives the spot price', async () => {
    const snapshot = await router(new FakeVenue('raydium', { amountOut: 150_000_000n }), new FakeVenue('meteora', { fails: 'down' })).snapshot(SOL, USDC);
    expect(snapshot?.spotPrice).toBe(150);
    const decision = snapshot!.route(2_000_000_000n);
    expect(decision?.route.amountOut).toBe(300_000_000n);
    expect(decision?.outcomes.map((o) => o.venue)).toEqual(['raydium']);
    expect(await router(new FakeVenue('raydium', { amountOut: 1n })).snapshot(SOL, BONK)).toBeUndefined();
  });

  it('logs each decision as one structured line (fields, not text) with every quote and the chosen legs, unless asked to be quiet', async () => {
    const lines: object[] = [];
    Logger.overrideLogger({ log: (message: object) => lines.push(message), error: () => undefined, warn: () => undefined });
    try {
      const venues = router(new FakeVenue('raydium', { amountOut: 149_000_000n }), new FakeVenue('meteora', { fails: 'down' }));
      await venues.route(REQUEST, { orderId: 'o-1', attempt: 2 });
      await venues.route(REQUEST, { quiet: true });
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      msg: 'route chosen',
      orderId: 'o-1',
      attempt: 2,
      pair: 'SOL/USDC',
      amountIn: '1000000000',
      quotes: [
        { venue: 'raydium', amountOut: '149000000', priceImpactBps: 0, feeBps: 25, latencyMs: expect.any(Number) },
        { venue: 'meteora', ok: false, error: { code: 'VENUE_ERROR', message: 'down' }, latencyMs: expect.any(Number) },
      ],
      chosen: 'raydium',
      legs: [{ venue: 'raydium', amountIn: '1000000000', amountOut: '149000000' }],
      advantageBps: null,
      splitGainBps: null,
    });
  });

  it('a snapshot reads the best venue spot price, and a venue that cannot fill a size is reported, not routed to', async () => {
    const snapshot = (await router(new FakeVenue('raydium', { amountOut: 150_000_000n }), new FakeVenue('meteora', { amountOut: 152_000_000n })).snapshot(
      SOL,
      USDC,
    ))!;
    expect(snapshot.spotPrice).toBe(150); // FakeVenue quotes a price of 150 at every size
    const capped = new FakeVenue('meteora', { amountOut: 160_000_000n });
    const original = capped.watch.bind(capped);
    capped.watch = async (input, output) => {
      const quoteFor = await original(input, output);
      return (amountIn) => quoteFor(amountIn > 1_000_000_000n ? 1_000_000_000n : amountIn);
    };
    const market = (await router(new FakeVenue('raydium', { amountOut: 150_000_000n }), capped).snapshot(SOL, USDC))!;
    expect(market.route(1_000_000_000n)?.bestSingle.venue).toBe('meteora');
    expect(market.bestSingleOut(1_000_000_000n)).toBe(160_000_000n);
    expect(market.bestSingleOut(2_000_000_000n)).toBe(300_000_000n); // meteora cannot fill it: raydium's output
    const large = market.route(2_000_000_000n)!;
    expect(large.bestSingle.venue).toBe('raydium');
    expect(large.outcomes.find((o) => o.venue === 'meteora')).toEqual({
      venue: 'meteora',
      ok: false,
      error: { code: 'INSUFFICIENT_LIQUIDITY', message: 'meteora can fill 1000000000 of 2000000000' },
      latencyMs: 0,
    });
  });
});
