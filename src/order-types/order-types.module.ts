import { Module } from '@nestjs/common';
import { LimitOrderType } from './limit.order-type.js';
import { MarketOrderType } from './market.order-type.js';
import { ORDER_TYPE_HANDLERS, type OrderTypeHandler } from './order-type.handler.js';
import { OrderTypes } from './order-types.service.js';
import { SniperOrderType } from './sniper.order-type.js';

/** One handler per order type, registered the way quote providers are. */
@Module({
  providers: [
    MarketOrderType,
    LimitOrderType,
    SniperOrderType,
    {
      provide: ORDER_TYPE_HANDLERS,
      useFactory: (...handlers: OrderTypeHandler[]) => handlers,
      inject: [MarketOrderType, LimitOrderType, SniperOrderType],
    },
    OrderTypes,
  ],
  exports: [OrderTypes],
})
export class OrderTypesModule {}
