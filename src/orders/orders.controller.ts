import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import type { OrderAcceptedResponse, OrderDetailResponse, OrderListResponse } from '../contracts/rest.js';
import { ListOrdersQuery } from './dto/list-orders.query.js';
import { ExecuteOrderPipe } from './execute-order.pipe.js';
import type { OrderRequest } from './order-request.parser.js';
import { requireOrderId } from './order-views.js';
import { OrdersService } from './orders.service.js';
import { wsBaseUrl } from './ws-base-url.js';

@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
  ) {}

  @Post('execute')
  @HttpCode(202)
  execute(@Body(ExecuteOrderPipe) request: OrderRequest, @Req() req: FastifyRequest): Promise<OrderAcceptedResponse> {
    return this.orders.place(request, wsBaseUrl(req.headers, this.config.http.publicWsUrl, req.protocol === 'https'));
  }

  @Get()
  list(@Query() query: ListOrdersQuery): Promise<OrderListResponse> {
    return this.orders.list(query);
  }

  @Get(':orderId')
  get(@Param('orderId') orderId: string): Promise<OrderDetailResponse> {
    return this.orders.get(requireOrderId(orderId));
  }
}
