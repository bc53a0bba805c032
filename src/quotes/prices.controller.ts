import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequestValidationError } from '../common/errors/request.errors.js';
import type { PriceHistoryResponse } from '../contracts/rest.js';
import { PriceHistoryStore, SAMPLED_PAIRS } from './price-history.store.js';

@ApiTags('quotes')
@Controller('api/prices')
export class PricesController {
  constructor(private readonly prices: PriceHistoryStore) {}

  /** Each venue's price for `pair` over the last 30 minutes. */
  @Get()
  @ApiQuery({ name: 'pair', required: false, example: 'SOL-USDC' })
  async get(@Query('pair') pair = 'SOL-USDC'): Promise<PriceHistoryResponse> {
    const history = await this.prices.history(pair);
    if (!history) {
      throw new RequestValidationError([{ field: 'pair', rule: 'isIn', message: `pair must be one of: ${SAMPLED_PAIRS.join(', ')}` }]);
    }
    return history;
  }
}
