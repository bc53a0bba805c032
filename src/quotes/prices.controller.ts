import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequestValidationError } from '../common/errors/request.errors.js';
import type { PriceHistoryResponse } from '../contracts/rest.js';
import { PriceHistory, SAMPLED_PAIRS } from './price-history.service.js';

@ApiTags('quotes')
@Controller('api/prices')
export class PricesController {
  constructor(private readonly prices: PriceHistory) {}

  /** Each venue's price for `pair` over the last 30 minutes. */
  @Get()
  @ApiQuery({ name: 'pair', required: false, example: 'SOL-USDC' })
  get(@Query('pair') pair = 'SOL-USDC'): PriceHistoryResponse {
    const history = this.prices.history(pair);
    if (!history) {
      throw new RequestValidationError([{ field: 'pair', rule: 'isIn', message: `pair must be one of: ${SAMPLED_PAIRS.join(', ')}` }]);
    }
    return history;
  }
}
