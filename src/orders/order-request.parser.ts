import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from '../config/app-config.js';
import { RequestValidationError } from '../common/errors/request.errors.js';
import { toFieldErrors } from '../common/validation.js';
import type { OrderSide, OrderTerms, OrderType } from '../contracts/order-lifecycle.js';
import { OrderTypes } from '../order-types/order-types.service.js';
import type { OrderTrade } from '../tokens/trade-fields.validator.js';
import { TradeFieldsValidator } from '../tokens/trade-fields.validator.js';
import { ExecuteOrderDto } from './dto/execute-order.dto.js';

/** A valid order request: tokens resolved, amount in exact base units. */
export interface OrderRequest extends OrderTrade {
  readonly type: OrderType;
  readonly side: OrderSide | null;
  readonly slippageBps: number;
  readonly terms: OrderTerms;
}

/**
 * Turns a raw order body (REST or WebSocket) into an `OrderRequest`, or
 * throws `RequestValidationError` naming every bad field and its rule.
 */
@Injectable()
export class OrderRequestParser {
  constructor(
    private readonly trades: TradeFieldsValidator,
    private readonly config: AppConfig,
    private readonly types: OrderTypes,
  ) {}

  parse(body: unknown): OrderRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new RequestValidationError([{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }]);
    }
    const dto = plainToInstance(ExecuteOrderDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }).flatMap((e) => toFieldErrors(e));
    const handler = errors.some((e) => e.field === 'type') ? undefined : this.types.of(dto.type);
    const terms = handler?.terms(dto, errors, new Date());
    const trade = this.trades.validateOrder(dto, errors, handler?.acceptsUnlaunchedOutput ?? false);
    if (!trade || !terms || errors.length > 0) throw new RequestValidationError(errors);
    return {
      ...trade,
      terms,
      type: dto.type,
      side: dto.side ?? null,
      slippageBps: dto.slippageBps ?? this.config.routing.defaultSlippageBps,
    };
  }
}
