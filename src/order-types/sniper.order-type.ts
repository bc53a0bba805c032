import { Injectable } from '@nestjs/common';
import type { OrderTerms } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { minAmountOut, toleranceBps } from '../routing/price-math.js';
import { OrderTypeHandler, type Assessment, type MissedMarket, type RouteOffer, type TermsFields, type TermsOrder } from './order-type.handler.js';
import { outputAtMaxCost, parsePrice, shortfallBps } from './order-price.js';
import { expiryField, priceField, refuseForeignFields } from './terms-fields.js';

/**
 * Buys a token the moment a pool for it launches: the output may be a mint no
 * venue lists yet, and the order rests until one does, then routes in the
 * pass that sees the launch. Its swap must give at least the slippage
 * tolerance below the route, and, with `maxPrice` (input per output, UI
 * units), never cost more than that: above it the order keeps resting.
 */
@Injectable()
export class SniperOrderType extends OrderTypeHandler {
  readonly type = 'sniper';
  readonly restsAfter = new Set<MissedMarket>(['slippage', 'noVenue', 'noPool']);
  override readonly acceptsUnlaunchedOutput = true;

  terms(fields: TermsFields, errors: FieldError[], now: Date): OrderTerms {
    refuseForeignFields(fields, ['maxPrice', 'expiresAt'], this.type, errors);
    return { limitPrice: null, maxPrice: priceField('maxPrice', fields.maxPrice, false, errors), expiresAt: expiryField(fields.expiresAt, errors, now) };
  }

  /** Output per input: a cap of maxPrice input per output is a floor of 1 / maxPrice on the pair's price. */
  override threshold(terms: OrderTerms): number {
    return terms.maxPrice === null ? 0 : 1 / Number(terms.maxPrice);
  }

  assess(order: TermsOrder, offer: RouteOffer | undefined): Assessment {
    if (!offer || offer.amountIn !== order.amountIn) return this.waiting(order, offer, 'no venue lists the pair yet; waiting for its pool to launch');
    const tolerated = minAmountOut(offer.amountOut, order.slippageBps);
    const capped = order.terms.maxPrice === null ? 0n : maxPriceOutput(order);
    if (offer.amountOut < capped) return this.waiting(order, offer, 'the best route costs more than maxPrice', capped);
    const floor = tolerated > capped ? tolerated : capped;
    return { ready: true, minAmountOut: floor, slippageBps: toleranceBps(offer.amountOut, floor) };
  }

  private waiting(order: TermsOrder, offer: RouteOffer | undefined, reason: string, required?: bigint): Assessment {
    return {
      ready: false,
      waiting: {
        reason,
        limitPrice: null,
        maxPrice: order.terms.maxPrice,
        bestPrice: offer?.price ?? null,
        gapBps: offer && required !== undefined ? shortfallBps(offer.amountOut, required) : null,
        expiresAt: order.terms.expiresAt,
      },
    };
  }
}

/** The least output for which the whole amount costs at most maxPrice per output token. */
const maxPriceOutput = (order: TermsOrder): bigint =>
  outputAtMaxCost(order.amountIn, parsePrice('maxPrice', order.terms.maxPrice!), order.input.decimals, order.output.decimals);
