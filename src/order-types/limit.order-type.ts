import { Injectable } from '@nestjs/common';
import type { OrderTerms } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { toleranceBps } from '../routing/price-math.js';
import { OrderTypeHandler, type Assessment, type MissedMarket, type RouteOffer, type TermsFields, type TermsOrder } from './order-type.handler.js';
import { outputAtPrice, parsePrice, shortfallBps } from './order-price.js';
import { expiryField, priceField, refuseForeignFields } from './terms-fields.js';

/**
 * Swaps only at `limitPrice` (output per input, UI units) or better: rests
 * while the best route for the whole amount gives less, and its swap must
 * give at least amount × limitPrice (not the slippage default).
 */
@Injectable()
export class LimitOrderType extends OrderTypeHandler {
  readonly type = 'limit';
  readonly restsAfter = new Set<MissedMarket>(['slippage', 'noVenue']);

  terms(fields: TermsFields, errors: FieldError[], now: Date): OrderTerms {
    refuseForeignFields(fields, ['limitPrice', 'expiresAt'], this.type, errors);
    return { limitPrice: priceField('limitPrice', fields.limitPrice, true, errors), maxPrice: null, expiresAt: expiryField(fields.expiresAt, errors, now) };
  }

  override threshold(terms: OrderTerms): number {
    return Number(terms.limitPrice);
  }

  assess(order: TermsOrder, offer: RouteOffer | undefined): Assessment {
    const required = limitOutput(order);
    if (offer && offer.amountIn === order.amountIn && offer.amountOut >= required)
      return { ready: true, minAmountOut: required, slippageBps: toleranceBps(offer.amountOut, required) };
    return {
      ready: false,
      waiting: {
        reason: offer ? 'the best route gives less than the limit price' : 'no venue quotes the pair now',
        limitPrice: order.terms.limitPrice,
        maxPrice: null,
        bestPrice: offer?.price ?? null,
        gapBps: offer ? shortfallBps(offer.amountIn === order.amountIn ? offer.amountOut : 0n, required) : null,
        expiresAt: order.terms.expiresAt,
      },
    };
  }
}

/** The least output the limit accepts for the whole amount. */
const limitOutput = (order: TermsOrder): bigint =>
  outputAtPrice(order.amountIn, parsePrice('limitPrice', order.terms.limitPrice!), order.input.decimals, order.output.decimals);
