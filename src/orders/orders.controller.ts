import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiUnprocessableEntityResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiAcceptedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiPayloadTooLargeResponse,
} from '@nestjs/swagger';
import type { Principal } from '../auth/api-key.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AppConfig } from '../config/app-config.js';
import type { OrderAcceptedResponse, OrderDetailResponse, OrderListResponse } from '../contracts/rest.js';
import { ErrorSchema, OrderAcceptedSchema, OrderDetailSchema, OrderListSchema } from '../contracts/openapi.schemas.js';
import { ExecuteOrderDto } from './dto/execute-order.dto.js';
import { ListOrdersQuery } from './dto/list-orders.query.js';
import { OrderRequestParser } from './order-request.parser.js';
import { requireOrderId } from './order-views.js';
import { OrdersService } from './orders.service.js';
import { SubmitAdmission } from './submit-admission.js';
import { requestCaller } from '../rate-limits/caller.js';
import { budgetHeaders } from '../common/rate-limit-headers.js';
import { wsBaseUrl } from './ws-base-url.js';

@ApiTags('orders')
@ApiBadRequestResponse({ type: ErrorSchema, description: 'A bad field (each named with its rule), malformed JSON' })
@ApiServiceUnavailableResponse({
  type: ErrorSchema,
  description: 'Redis or the database is unreachable, or the engine is at its in-flight limit (OVERLOADED, with Retry-After); nothing was stored',
})
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly parser: OrderRequestParser,
    private readonly config: AppConfig,
    private readonly admission: SubmitAdmission,
  ) {}

  @Post('execute')
  @HttpCode(202)
  @ApiBody({ type: ExecuteOrderDto })
  @ApiAcceptedResponse({ type: OrderAcceptedSchema, description: 'Stored and queued; follow it at wsUrl' })
  @ApiPayloadTooLargeResponse({ type: ErrorSchema })
  @ApiUnprocessableEntityResponse({ type: ErrorSchema, description: 'IDEMPOTENCY_KEY_REUSED: this client order id placed a different order' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Your id for this order (as `clientOrderId`): a repeat with the same key and request answers the same order',
  })
  execute(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderAcceptedResponse> {
    return this.admission.admit(
      requestCaller(req),
      async () => {
        const request = this.parser.parse(body, idempotencyKey);
        return this.orders.place(request, wsBaseUrl(req.headers, this.config.http.publicWsUrl, req.protocol === 'https'), principal);
      },
      (budget) => void reply.headers(budgetHeaders(budget)),
    );
  }

  @Get()
  @ApiOkResponse({ type: OrderListSchema, description: 'History, newest first' })
  list(@Query() query: ListOrdersQuery, @CurrentPrincipal() principal: Principal): Promise<OrderListResponse> {
    return this.orders.list(query, principal);
  }

  @Get(':orderId')
  @ApiOkResponse({ type: OrderDetailSchema })
  @ApiNotFoundResponse({ type: ErrorSchema })
  get(@Param('orderId') orderId: string, @CurrentPrincipal() principal: Principal): Promise<OrderDetailResponse> {
    return this.orders.get(requireOrderId(orderId), principal);
  }

  @Delete(':orderId')
  @ApiOkResponse({ type: OrderDetailSchema, description: 'Cancelled: the order, now `cancelled`, with its events' })
  @ApiNotFoundResponse({ type: ErrorSchema })
  @ApiConflictResponse({ type: ErrorSchema, description: 'ORDER_NOT_CANCELLABLE: already executing or terminal (`orderStatus` says which)' })
  cancel(@Param('orderId') orderId: string, @CurrentPrincipal() principal: Principal): Promise<OrderDetailResponse> {
    return this.orders.cancel(requireOrderId(orderId), principal);
  }
}
