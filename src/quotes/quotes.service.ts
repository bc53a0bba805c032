import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RequestValidationError } from '../common/errors/request.errors.js';
import type { FieldError, QuoteResponse } from '../contracts/rest.js';
import { DexRouter } from '../routing/dex-router.service.js';
import { minAmountOut } from '../routing/price-math.js';
import { toQuoteViews, toRouteView } from '../routing/routing-decision.js';
import { toTokenView } from '../tokens/token-registry.js';
import { TradeFieldsValidator } from '../tokens/trade-fields.validator.js';
import type { QuoteQuery } from './dto/quote.query.js';

/** The route an order would take right now: what a front end shows before "Swap". */
@Injectable()
export class QuotesService {
  constructor(
    private readonly router: DexRouter,
    private readonly trades: TradeFieldsValidator,
    private readonly config: AppConfig,
  ) {}

  async quote(query: QuoteQuery): Promise<QuoteResponse> {
    const errors: FieldError[] = [];
    const trade = this.trades.validate(query, errors);
    if (!trade) throw new RequestValidationError(errors);
    const slippageBps = query.slippageBps ?? this.config.routing.defaultSlippageBps;
    const decision = await this.router.route(trade, { quote: true, quiet: true });
    return {
      inputToken: toTokenView(trade.input),
      outputToken: toTokenView(trade.output),
      amountIn: `${trade.amountIn}`,
      slippageBps,
      quotes: toQuoteViews(decision.outcomes),
      route: toRouteView(decision),
      minAmountOut: `${minAmountOut(decision.route.amountOut, slippageBps)}`,
      quotedAt: new Date().toISOString(),
    };
  }
}
