import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { QuotesController } from './quotes.controller.js';
import { QuotesService } from './quotes.service.js';

@Module({
  imports: [RoutingModule],
  controllers: [QuotesController],
  providers: [QuotesService],
})
export class QuotesModule {}
