import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { PriceHistoryStore } from './price-history.store.js';
import { PricesController } from './prices.controller.js';
import { QuotesController } from './quotes.controller.js';
import { QuotesService } from './quotes.service.js';

@Module({
  imports: [RoutingModule],
  controllers: [QuotesController, PricesController],
  providers: [QuotesService, PriceHistoryStore],
})
export class QuotesModule {}
