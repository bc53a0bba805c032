import { Module } from '@nestjs/common';
import { SimulationModule } from '../simulation/simulation.module.js';
import { DexRouter } from './dex-router.service.js';
import { MeteoraQuoteProvider } from './providers/meteora.quote-provider.js';
import { RaydiumQuoteProvider } from './providers/raydium.quote-provider.js';
import { QUOTE_PROVIDERS, type QuoteProvider } from './quote-provider.js';

@Module({
  imports: [SimulationModule],
  providers: [
    RaydiumQuoteProvider,
    MeteoraQuoteProvider,
    {
      provide: QUOTE_PROVIDERS,
      useFactory: (...providers: QuoteProvider[]) => providers,
      inject: [RaydiumQuoteProvider, MeteoraQuoteProvider],
    },
    DexRouter,
  ],
  exports: [DexRouter],
})
export class RoutingModule {}
