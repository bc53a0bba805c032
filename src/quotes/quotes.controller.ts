import { Controller, Get, Query } from '@nestjs/common';
import type { QuoteResponse } from '../contracts/rest.js';
import { QuoteQuery } from './dto/quote.query.js';
import { QuotesService } from './quotes.service.js';

@Controller('api/quote')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Get()
  quote(@Query() query: QuoteQuery): Promise<QuoteResponse> {
    return this.quotes.quote(query);
  }
}
