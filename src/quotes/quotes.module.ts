import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { PriceHistory } from './price-history.service.js';
import { PricesController } from './prices.controller.js';
import { QuotesController } from './quotes.controller.js';
import { QuotesService } from './quotes.service.js';

@Module({
  imports: [RoutingModule],
  controllers: [QuotesController, PricesController],
  providers: [QuotesService, PriceHistory],
})
export class QuotesModule {}
