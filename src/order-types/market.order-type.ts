import { Injectable } from '@nestjs/common';
import { MARKET_TERMS, type OrderTerms } from '../contracts/order-lifecycle.js';
import type { FieldError } from '../contracts/rest.js';
import { minAmountOut } from '../routing/price-math.js';
import { OrderTypeHandler, type Assessment, type MissedMarket, type RouteOffer, type TermsFields, type TermsOrder } from './order-type.handler.js';
import { refuseForeignFields } from './terms-fields.js';

/** Executes at once at the best route, within the order's slippage tolerance. */
@Injectable()
export class MarketOrderType extends OrderTypeHandler {
  readonly type = 'market';
  readonly restsAfter = new Set<MissedMarket>();

  terms(fields: TermsFields, errors: FieldError[]): OrderTerms {
    refuseForeignFields(fields, [], this.type, errors);
    return MARKET_TERMS;
  }

  assess(order: TermsOrder, offer: RouteOffer): Assessment {
    return { ready: true, minAmountOut: minAmountOut(offer.amountOut, order.slippageBps), slippageBps: order.slippageBps };
  }
}
