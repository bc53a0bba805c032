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
import { CLIENT_ORDER_ID, ExecuteOrderDto } from './dto/execute-order.dto.js';

/** A valid order request: tokens resolved, amount in exact base units. */
export interface OrderRequest extends OrderTrade {
  readonly type: OrderType;
  readonly side: OrderSide | null;
  readonly slippageBps: number;
  readonly terms: OrderTerms;
  /** The client's own id for the order (clientOrderId, or the Idempotency-Key header): repeats place it once. */
  readonly clientOrderId: string | null;
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

  /** `idempotencyKey`: the REST header, which must agree with a `clientOrderId` in the body. */
  parse(body: unknown, idempotencyKey?: string): OrderRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new RequestValidationError([{ field: 'body', rule: 'isObject', message: 'body must be a JSON object' }]);
    }
    const dto = plainToInstance(ExecuteOrderDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }).flatMap((e) => toFieldErrors(e));
    const handler = errors.some((e) => e.field === 'type') ? undefined : this.types.of(dto.type);
    const terms = handler?.terms(dto, errors, new Date());
    const trade = this.trades.validateOrder(dto, errors, handler?.acceptsUnlaunchedOutput ?? false);
    if (idempotencyKey !== undefined && !CLIENT_ORDER_ID.test(idempotencyKey)) {
      errors.push({ field: 'Idempotency-Key', rule: 'matches', message: 'the Idempotency-Key header must be 1-255 printable ASCII characters without spaces' });
    } else if (idempotencyKey !== undefined && dto.clientOrderId !== undefined && dto.clientOrderId !== idempotencyKey) {
      errors.push({ field: 'clientOrderId', rule: 'equalsIdempotencyKey', message: 'clientOrderId must equal the Idempotency-Key header when both are sent' });
    }
    if (!trade || !terms || errors.length > 0) throw new RequestValidationError(errors);
    return {
      ...trade,
      terms,
      type: dto.type,
      side: dto.side ?? null,
      slippageBps: dto.slippageBps ?? this.config.routing.defaultSlippageBps,
      clientOrderId: idempotencyKey ?? dto.clientOrderId ?? null,
    };
  }
}
