import { Injectable } from '@nestjs/common';
import type { OrderTerms } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { minAmountOut, toleranceBps } from '../routing/price-math.js';
import { OrderTypeHandler, type Assessment, type MissedMarket, type RouteOffer, type TermsFields, type TermsOrder } from './order-type.handler.js';
import { outputAtMaxCost, outputAtPrice, parsePrice, shortfallBps } from './order-price.js';
import { expiryField, priceField, refuseForeignFields } from './terms-fields.js';

/**
 * Buys a token the moment a pool for it launches: the output may be a mint no
 * venue lists yet, and the order rests until one does, then routes in the
 * pass that sees the launch. Its swap must give at least the slippage
 * tolerance below the route, and, with `limitPrice` (output per input, UI
 * units, as every price: at least this many tokens per unit paid), never less
 * than that: below it the order keeps resting. Orders stored before prices
 * had one convention carry `maxPrice` (input per output) instead, still honoured.
 */
@Injectable()
export class SniperOrderType extends OrderTypeHandler {
  readonly type = 'sniper';
  readonly restsAfter = new Set<MissedMarket>(['slippage', 'noVenue', 'noPool']);
  override readonly acceptsUnlaunchedOutput = true;

  terms(fields: TermsFields, errors: FieldError[], now: Date): OrderTerms {
    if (fields.maxPrice !== undefined) {
      errors.push({
        field: 'maxPrice',
        rule: 'replacedByLimitPrice',
        message:
          'every price is read as output per input: instead of maxPrice (input per output) send limitPrice, the least output ' +
          'per unit of input, e.g. for at most 0.002 SOL per token, limitPrice "500" (tokens per SOL)',
      });
    }
    refuseForeignFields({ ...fields, maxPrice: undefined }, ['limitPrice', 'expiresAt'], this.type, errors);
    return { limitPrice: priceField('limitPrice', fields.limitPrice, false, errors), maxPrice: null, expiresAt: expiryField(fields.expiresAt, errors, now) };
  }

  /** Output per input: the floor itself (a stored order's cap of maxPrice input per output is a floor of 1 / maxPrice). */
  override threshold(terms: OrderTerms): number {
    if (terms.limitPrice !== null) return Number(terms.limitPrice);
    return terms.maxPrice === null ? 0 : 1 / Number(terms.maxPrice);
  }

  assess(order: TermsOrder, offer: RouteOffer | undefined): Assessment {
    if (!offer || offer.amountIn !== order.amountIn) return this.waiting(order, offer, 'no venue lists the pair yet; waiting for its pool to launch');
    const tolerated = minAmountOut(offer.amountOut, order.slippageBps);
    const capped = priceFloor(order);
    if (offer.amountOut < capped) return this.waiting(order, offer, 'the best route gives less than limitPrice', capped);
    const floor = tolerated > capped ? tolerated : capped;
    return { ready: true, minAmountOut: floor, slippageBps: toleranceBps(offer.amountOut, floor) };
  }

  private waiting(order: TermsOrder, offer: RouteOffer | undefined, reason: string, required?: bigint): Assessment {
    return {
      ready: false,
      waiting: {
        reason,
        limitPrice: order.terms.limitPrice,
        maxPrice: order.terms.maxPrice,
        bestPrice: offer?.price ?? null,
        gapBps: offer && required !== undefined ? shortfallBps(offer.amountOut, required) : null,
        expiresAt: order.terms.expiresAt,
      },
    };
  }
}

/** The least output the order takes: the whole amount at limitPrice (or, stored before, at most maxPrice per token); 0 without. */
function priceFloor({ amountIn, input, output, terms }: TermsOrder): bigint {
  if (terms.limitPrice !== null) return outputAtPrice(amountIn, parsePrice('limitPrice', terms.limitPrice), input.decimals, output.decimals);
  if (terms.maxPrice !== null) return outputAtMaxCost(amountIn, parsePrice('maxPrice', terms.maxPrice), input.decimals, output.decimals);
  return 0n;
}
