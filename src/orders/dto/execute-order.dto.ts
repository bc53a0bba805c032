import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from '../../contracts/order-lifecycle.js';

/** A client order id / Idempotency-Key: 1–255 printable ASCII characters, no spaces. */
export const CLIENT_ORDER_ID = /^[\x21-\x7e]{1,255}$/;

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A JSON number or a string: the decimal format itself is checked against the token's decimals. */
function IsNumberOrString(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNumberOrString',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a number or a decimal string', ...options },
      validator: { validate: (value: unknown) => typeof value === 'number' || typeof value === 'string' },
    });
}

/** The body of `POST /api/orders/execute` and of the WebSocket `execute` frame. */
export class ExecuteOrderDto {
  @ApiProperty({ enum: ORDER_TYPES, example: 'market', description: 'Case-insensitive ("MARKET" works).' })
  @Transform(lowerCase)
  @IsDefined()
  @IsIn(ORDER_TYPES, { message: `type must be one of: ${ORDER_TYPES.join(', ')}` })
  type!: OrderType;

  @ApiPropertyOptional({ enum: ORDER_SIDES, description: 'Informational: the direction is always inputToken → outputToken.' })
  @Transform(lowerCase)
  @IsOptional()
  @IsIn(ORDER_SIDES, { message: 'side must be one of: buy, sell' })
  side?: OrderSide;

  @ApiProperty({ example: 'SOL', description: 'A registry symbol (case-insensitive) or a mint address.' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  inputToken!: string;

  @ApiProperty({
    example: 'USDC',
    description: 'A registry symbol or a mint address, not the input token; for sniper orders also a mint that has not launched yet (base58, 32 bytes).',
  })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  outputToken!: string;

  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: '1.5',
    description: "UI units of inputToken; at most the token's decimals; converted exactly to base units.",
  })
  @IsDefined()
  @IsNumberOrString()
  amount!: number | string;

  @ApiPropertyOptional({ minimum: 0, maximum: 5000, default: 50, description: 'Slippage tolerance in bps.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5_000, { message: 'slippageBps must not be greater than 5000 (50%)' })
  slippageBps?: number;

  @ApiPropertyOptional({
    example: 'bot-7-000123',
    description:
      'Your own id for this order (or send it as the Idempotency-Key header): a repeat with the same id and the same request answers the same order; with a different request, 422 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, no spaces.',
  })
  @IsOptional()
  @IsString()
  @Matches(CLIENT_ORDER_ID, { message: 'clientOrderId must be 1-255 printable ASCII characters without spaces' })
  clientOrderId?: string;

  // The fields of resting order types: their handlers check them (and refuse them on other types).
  @ApiPropertyOptional({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: '160.5',
    description:
      'Every price is read as output per input, in UI units: how much of outputToken one unit of inputToken must bring at least. ' +
      'Limit orders (required): selling SOL for USDC with limitPrice "160.5" fills only at 160.5 USDC per SOL or more; buying SOL ' +
      'with USDC at 150 USDC per SOL or less is limitPrice "0.00666" (SOL per USDC). Sniper orders (optional): buying a new token ' +
      'with SOL for at most 0.002 SOL per token is limitPrice "500" (tokens per SOL). A price on the wrong side of the market by ' +
      'three orders of magnitude (an inverted one) is refused. Kept exactly.',
  })
  @IsOptional()
  limitPrice?: unknown;

  @ApiPropertyOptional({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    deprecated: true,
    description: 'No longer read (it was input per output): refused with a message saying which limitPrice to send instead.',
  })
  @IsOptional()
  maxPrice?: unknown;

  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: 'Limit and sniper orders: expire (status `expired`) if not executed by then; absent: good till cancelled.',
  })
  @IsOptional()
  expiresAt?: unknown;
}
