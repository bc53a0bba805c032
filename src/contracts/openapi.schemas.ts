import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, ORDER_TYPES, type OrderSide, type OrderStatus, type OrderType, type TokenView } from './order-lifecycle.js';
import type { ErrorResponse, FieldError, OrderAcceptedResponse, OrderView } from './rest.js';

/**
 * OpenAPI schemas of the REST responses. Each implements its contract type,
 * so the documentation cannot drift from what the code returns.
 */
class TokenSchema implements TokenView {
  @ApiProperty({ example: 'SOL' }) symbol!: string;
  @ApiProperty({ example: 'So11111111111111111111111111111111111111112' }) mint!: string;
  @ApiProperty({ example: 9, nullable: true, type: 'integer', description: "Null for a sniper order's mint until its pool launches" }) decimals!: number | null;
}

export class OrderAcceptedSchema implements OrderAcceptedResponse {
  @ApiProperty({ example: 'Order received', description: '"Order already received (same client order id)" for a repeat' }) message!: string;
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'pending', description: 'pending; a repeat answers the status now' }) status!: OrderStatus;
  @ApiProperty({ example: 'ws://localhost:3000/api/orders/ws/7014e202-f953-4630-b8a4-af3b7a2fbd33' }) wsUrl!: string;
}

class FieldErrorSchema implements FieldError {
  @ApiProperty({ example: 'amount' }) field!: string;
  @ApiProperty({ example: 'maxDecimals' }) rule!: string;
  @ApiProperty({ example: 'amount must have at most 6 decimal places for this token' }) message!: string;
}

export class ErrorSchema implements ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) errors?: FieldErrorSchema[];
}

class OrderSchema implements OrderView {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: ORDER_TYPES, example: 'market' }) type!: OrderType;
  @ApiProperty({ enum: ['buy', 'sell'], nullable: true }) side!: OrderSide | null;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
  @ApiProperty({ type: TokenSchema }) inputToken!: TokenSchema;
  @ApiProperty({ type: TokenSchema }) outputToken!: TokenSchema;
  @ApiProperty({ example: '1500000000', description: 'Base units' }) amountIn!: string;
  @ApiProperty({ example: 50 }) slippageBps!: number;
  @ApiProperty({ nullable: true, type: 'string', example: '160.5', description: 'Limit orders: output per input, UI units, exact' }) limitPrice!: string | null;
  @ApiProperty({ nullable: true, type: 'string', description: 'Sniper orders: the most input paid per output, UI units' }) maxPrice!: string | null;
  @ApiProperty({ nullable: true, type: 'string', format: 'date-time', description: 'Resting orders: when they expire; null: good till cancelled' })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, example: 'raydium', description: 'Venue, or venues joined by "+" for a split route' }) venue!: string | null;
  @ApiProperty({ nullable: true, type: 'array', items: { type: 'object' }, description: 'Each venue quote or error (see docs/api.md)' })
  quotes!: OrderView['quotes'];
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'The chosen route: legs, output, impact, reason' })
  route!: OrderView['route'];
  @ApiProperty({ nullable: true, example: '227519206' }) minAmountOut!: string | null;
  @ApiProperty({ nullable: true, example: '228556421' }) amountOut!: string | null;
  @ApiProperty({ nullable: true, example: 152.37 }) executedPrice!: number | null;
  @ApiProperty({ nullable: true, description: 'Base58 signature' }) txHash!: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, example: { code: 'SLIPPAGE_EXCEEDED', message: '…' } })
  failure!: OrderView['failure'];
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrderDetailSchema extends OrderSchema {
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Lifecycle events in seq order, as streamed in order.status frames' })
  events!: [];
}

export class OrderListSchema {
  @ApiProperty({ type: [OrderSchema] }) orders!: OrderSchema[];
  @ApiProperty({ nullable: true, type: 'string' }) nextCursor!: string | null;
}
