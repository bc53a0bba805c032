import { Injectable } from '@nestjs/common';
import { RequestValidationError } from '../common/errors/request.errors.js';
import { implausiblePrice } from '../order-types/order-price.js';
import { DexRouter } from '../routing/dex-router.service.js';
import { withTimeout } from '../common/time-limit.js';
import { displayPrice } from '../tokens/display-price.js';

const CHECK_WITHIN_MS = 300;
import type { OrderRequest } from './order-request.parser.js';

/**
 * Refuses an order whose limitPrice is on the wrong side of the market by orders of magnitude (an inverted
 * price, the commonest mistake with prices), saying which way prices are read. A pair with no market yet (a
 * sniper's token) has nothing to compare with.
 */
@Injectable()
export class PlausiblePrices {
  constructor(private readonly router: DexRouter) {}

  async check({ terms, input, output, amountIn }: OrderRequest): Promise<void> {
    if (terms.limitPrice === null || !('native' in output)) return;
    // Advisory: a market that cannot be read at once (Redis slow or away) lets the order through unchecked.
    const market = await withTimeout(this.router.snapshot(input, output), CHECK_WITHIN_MS).catch(() => undefined);
    // The price the whole amount gets: a probe of a small amount rounds to nothing for tokens worth little.
    const price = market?.route(amountIn)?.route;
    const offered = price && displayPrice(price.amountIn, price.amountOut, input.decimals, output.decimals);
    const problem = offered ? implausiblePrice(Number(terms.limitPrice), offered, input.symbol, output.symbol) : undefined;
    if (problem) throw new RequestValidationError([{ field: 'limitPrice', rule: 'plausiblePrice', message: problem }]);
  }
}
