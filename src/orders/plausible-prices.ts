import { Injectable } from '@nestjs/common';
import { RequestValidationError } from '../common/errors/request.errors.js';
import { implausiblePrice } from '../order-types/order-price.js';
import { DexRouter } from '../routing/dex-router.service.js';
import type { OrderRequest } from './order-request.parser.js';

/**
 * Refuses an order whose limitPrice is on the wrong side of the market by orders of magnitude (an inverted
 * price, the commonest mistake with prices), saying which way prices are read. A pair with no market yet (a
 * sniper's token) has nothing to compare with.
 */
@Injectable()
export class PlausiblePrices {
  constructor(private readonly router: DexRouter) {}

  async check({ terms, input, output }: OrderRequest): Promise<void> {
    if (terms.limitPrice === null || !('native' in output)) return;
    const market = await this.router.snapshot(input, output).catch(() => undefined);
    const problem = market && implausiblePrice(Number(terms.limitPrice), market.spotPrice, input.symbol, output.symbol);
    if (problem) throw new RequestValidationError([{ field: 'limitPrice', rule: 'plausiblePrice', message: problem }]);
  }
}
