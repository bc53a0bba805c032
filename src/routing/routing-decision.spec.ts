import type { VenueId } from '../contracts/order-lifecycle.js';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import type { PricedQuote, VenueQuote } from './quote-provider.js';
import { chooseRoute, routeVenue, toQuoteViews, toRouteView, type VenueOutcome } from './routing-decision.js';

const [SOL, USDC] = DEFAULT_TOKENS;
const REQUEST = { input: SOL, output: USDC, amountIn: 1_000_000_000n };

/** A linear venue (no impact beyond `impactBps`): output proportional to the input. */
function linear(venue: VenueId, outPerSol: bigint, impactBps = 0): PricedQuote {
  const quoteFor = (amountIn: bigint): VenueQuote => ({
    venue,
    amountIn,
    amountOut: (outPerSol * amountIn) / 1_000_000_000n,
    feeAmount: amountIn / 400n,
    feeBps: 25,
    priceImpactBps: impactBps,
    price: Number(outPerSol) / 1e6,
  });
  return { ...quoteFor(REQUEST.amountIn), quoteFor };
}
const ok = (quote: PricedQuote, latencyMs = 7): VenueOutcome => ({ venue: quote.venue, ok: true, quote, latencyMs });
const down = (venue: VenueId, message = 'timed out'): VenueOutcome => ({ venue, ok: false, error: { code: 'QUOTE_TIMEOUT', message }, latencyMs: 1000 });

describe('routing decisions', () => {
  it('picks the venue with the most output, whatever the order of the answers, and says by how much', () => {
    for (const outcomes of [
      [ok(linear('raydium', 150_000_000n)), ok(linear('meteora', 151_500_000n))],
      [ok(linear('meteora', 151_500_000n)), ok(linear('raydium', 150_000_000n))],
    ]) {
      const decision = chooseRoute(REQUEST, outcomes)!;
      expect(decision.bestSingle.venue).toBe('meteora');
      expect(decision.route.legs.map((leg) => leg.venue)).toEqual(['meteora']);
      expect(decision.advantageBps).toBe(100);
      expect(decision.splitGainBps).toBeNull();
      expect(decision.reason).toBe('meteora returns 100 bps more USDC than raydium after fees and price impact');
    }
  });

  it('on a tie the first answer wins', () => {
    expect(chooseRoute(REQUEST, [ok(linear('raydium', 150_000_000n)), ok(linear('meteora', 150_000_000n))])!.bestSingle.venue).toBe('raydium');
    expect(chooseRoute(REQUEST, [ok(linear('meteora', 150_000_000n)), ok(linear('raydium', 150_000_000n))])!.bestSingle.venue).toBe('meteora');
  });

  it('explains a single answer: the venue that failed and why, or that no other venue lists the pair', () => {
    const alone = chooseRoute(REQUEST, [down('raydium'), ok(linear('meteora', 150_000_000n))])!;
    expect(alone.reason).toBe('meteora is the only venue that answered (raydium: timed out)');
    expect(alone.advantageBps).toBeNull();
    const both = chooseRoute(REQUEST, [down('raydium', 'a'), down('meteora', 'b')]);
    expect(both).toBeUndefined();
    expect(chooseRoute(REQUEST, [ok(linear('raydium', 150_000_000n))])!.reason).toBe('raydium is the only venue that lists SOL/USDC');
  });

  it('views every quote and error as the wire shows them', () => {
    expect(toQuoteViews([ok(linear('raydium', 150_000_000n, 1.5), 12), down('meteora')])).toEqual([
      {
        venue: 'raydium',
        ok: true,
        amountIn: '1000000000',
        amountOut: '150000000',
        price: 150,
        priceImpactBps: 1.5,
        feeBps: 25,
        feeAmount: '2500000',
        latencyMs: 12,
      },
      { venue: 'meteora', ok: false, error: { code: 'QUOTE_TIMEOUT', message: 'timed out' }, latencyMs: 1000 },
    ]);
  });

  it('views a single route: its venue, one leg of 100%, output, price and impact', () => {
    const decision = chooseRoute(REQUEST, [ok(linear('raydium', 150_000_000n, 2.345)), ok(linear('meteora', 140_000_000n))])!;
    expect(toRouteView(decision)).toEqual({
      venue: 'raydium',
      kind: 'single',
      legs: [{ venue: 'raydium', amountIn: '1000000000', amountOut: '150000000', shareBps: 10_000, feeAmount: '2500000', priceImpactBps: 2.345 }],
      amountIn: '1000000000',
      amountOut: '150000000',
      price: 150,
      priceImpactBps: 2.35,
      advantageBps: decision.advantageBps,
      splitGainBps: null,
      reason: decision.reason,
    });
  });

  it('views a split route: venues joined by "+", each share, the size-weighted impact, the gain explained', () => {
    const route = {
      legs: [
        { venue: 'meteora' as const, amountIn: 750_000_000n, amountOut: 113_000_000n, feeAmount: 750_000n, priceImpactBps: 4 },
        { venue: 'raydium' as const, amountIn: 250_000_000n, amountOut: 37_400_000n, feeAmount: 625_000n, priceImpactBps: 8 },
      ],
      amountIn: 1_000_000_000n,
      amountOut: 150_400_000n,
    };
    expect(routeVenue(route)).toBe('meteora+raydium');
    const view = toRouteView({
      request: REQUEST,
      outcomes: [],
      route,
      bestSingle: linear('meteora', 150_000_000n),
      advantageBps: 10,
      splitGainBps: 26.66,
      reason: 'r',
    });
    expect(view).toMatchObject({ venue: 'meteora+raydium', kind: 'split', priceImpactBps: 5, price: 150.4, amountOut: '150400000' });
    expect(view.legs.map((leg) => [leg.venue, leg.shareBps, leg.amountIn, leg.amountOut, leg.feeAmount])).toEqual([
      ['meteora', 7_500, '750000000', '113000000', '750000'],
      ['raydium', 2_500, '250000000', '37400000', '625000'],
    ]);
  });
});
