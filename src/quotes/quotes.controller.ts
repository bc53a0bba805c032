import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ErrorSchema } from '../contracts/openapi.schemas.js';
import type { QuoteResponse } from '../contracts/rest.js';
import { QuoteQuery } from './dto/quote.query.js';
import { QuotesService } from './quotes.service.js';

@ApiTags('quotes')
@ApiBadRequestResponse({ type: ErrorSchema })
@ApiUnprocessableEntityResponse({ type: ErrorSchema, description: 'NO_ROUTE or ALL_VENUES_FAILED' })
@Controller('api/quote')
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Get()
  quote(@Query() query: QuoteQuery): Promise<QuoteResponse> {
    return this.quotes.quote(query);
  }
}
