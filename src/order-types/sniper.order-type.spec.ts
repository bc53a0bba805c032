import fc from 'fast-check';
import { MARKET_TERMS, type OrderTerms } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { minAmountOut } from '../routing/price-math.js';
import { formatPrice, parsePrice, PRICE_SCALE } from './order-price.js';
import type { RouteOffer, TermsOrder } from './order-type.handler.js';
import { SniperOrderType } from './sniper.order-type.js';

const sniper = new SniperOrderType();
const now = new Date('2026-01-01T00:00:00Z');
// 5 SOL (9 decimals) for a token of 6 decimals, 3% slippage.
const order = (terms: Partial<OrderTerms> = {}): TermsOrder => ({
  input: { decimals: 9 },
  output: { decimals: 6 },
  amountIn: 5_000_000_000n,
  slippageBps: 300,
  terms: { ...MARKET_TERMS, ...terms },
});
const offer = (amountOut: bigint, amountIn = 5_000_000_000n): RouteOffer => ({
  amountIn,
  amountOut,
  price: Number(amountOut) / 1e6 / (Number(amountIn) / 1e9),
});

describe('sniper orders', () => {
  it('own limitPrice (output per input, as every price) and expiresAt; maxPrice is refused saying how to read prices', () => {
    const errors: FieldError[] = [];
    expect(sniper.terms({ limitPrice: '500', expiresAt: '2026-01-02T00:00:00Z' }, errors, now)).toEqual({
      limitPrice: '500',
      maxPrice: null,
      expiresAt: '2026-01-02T00:00:00.000Z',
    });
    expect(errors).toEqual([]);
    sniper.terms({ limitPrice: 'cheap', maxPrice: '0.002' }, errors, now);
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['maxPrice', 'replacedByLimitPrice'],
      ['limitPrice', 'isDecimalPrice'],
    ]);
    expect(errors[0].message).toContain('output per input');
    expect(sniper.threshold({ ...MARKET_TERMS, limitPrice: '500' })).toBe(500);
    // An order stored with a cap (before prices had one convention) indexes at its floor, 1 / maxPrice.
    expect(sniper.threshold({ ...MARKET_TERMS, maxPrice: '0.002' })).toBe(500);
    expect(sniper.threshold(MARKET_TERMS)).toBe(0);
    expect(sniper.acceptsUnlaunchedOutput).toBe(true);
    expect([...sniper.restsAfter].sort()).toEqual(['noPool', 'noVenue', 'slippage']);
  });

  it('waits while no venue lists the pair, saying so', () => {
    expect(sniper.assess(order(), undefined)).toEqual({
      ready: false,
      waiting: { reason: expect.stringContaining('launch'), limitPrice: null, maxPrice: null, bestPrice: null, gapBps: null, expiresAt: null },
    });
  });

  it('without a cap, buys at once within its slippage tolerance', () => {
    expect(sniper.assess(order(), offer(3_000_000_000n))).toEqual({ ready: true, minAmountOut: minAmountOut(3_000_000_000n, 300), slippageBps: 300 });
  });

  it('with limitPrice, waits while the route gives less (gap in bps), and otherwise floors the fill at the limit when it is above the tolerance', () => {
    // 500 tokens per SOL: 5 SOL must bring at least 2,500 tokens.
    const capped = order({ limitPrice: '500' });
    expect(sniper.assess(capped, offer(2_400_000_000n))).toMatchObject({
      ready: false,
      waiting: { limitPrice: '500', gapBps: 400, reason: expect.stringContaining('limitPrice') },
    });
    // A stored cap of 0.002 SOL per token is the same floor.
    expect(sniper.assess(order({ maxPrice: '0.002' }), offer(2_550_000_000n))).toEqual({ ready: true, minAmountOut: 2_500_000_000n, slippageBps: 196 });
    // 2,550 tokens: the 3% tolerance would accept 2,473.5, below the cap's 2,500: the cap is the floor.
    expect(sniper.assess(capped, offer(2_550_000_000n))).toEqual({ ready: true, minAmountOut: 2_500_000_000n, slippageBps: 196 });
    // 3,000 tokens: the tolerance (2,910) is above the cap: the tolerance is the floor.
    expect(sniper.assess(capped, offer(3_000_000_000n))).toEqual({ ready: true, minAmountOut: 2_910_000_000n, slippageBps: 300 });
  });

  it('a route for part of the amount is not a fill of the order', () => {
    expect(sniper.assess(order(), offer(3_000_000_000n, 4_000_000_000n)).ready).toBe(false);
  });

  it('a fill of its floor never costs more than maxPrice per token (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        (amountIn, scaledCap, routeOut, slippageBps, inDec, outDec) => {
          const maxPrice = formatPrice(scaledCap);
          const terms = { ...MARKET_TERMS, maxPrice };
          const assessment = sniper.assess(
            { input: { decimals: inDec }, output: { decimals: outDec }, amountIn, slippageBps, terms },
            { amountIn, amountOut: routeOut, price: 0 },
          );
          if (!assessment.ready) return;
          // cost per token = (amountIn / 10^inDec) / (floor / 10^outDec) ≤ maxPrice, in exact integers.
          const cap = parsePrice('maxPrice', maxPrice);
          expect(amountIn * 10n ** BigInt(outDec) * 10n ** BigInt(PRICE_SCALE)).toBeLessThanOrEqual(cap * assessment.minAmountOut * 10n ** BigInt(inDec));
          expect(assessment.minAmountOut).toBeLessThanOrEqual(routeOut);
        },
      ),
    );
  });
});
