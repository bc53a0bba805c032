import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { ORDER_SIDES, ORDER_TYPES, type OrderSide, type OrderType } from '../../contracts/order-lifecycle.js';

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
  @Transform(lowerCase)
  @IsDefined()
  @IsIn(ORDER_TYPES, { message: 'type must be one of: market (limit and sniper orders are not supported yet)' })
  type!: OrderType;

  @Transform(lowerCase)
  @IsOptional()
  @IsIn(ORDER_SIDES, { message: 'side must be one of: buy, sell' })
  side?: OrderSide;

  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  inputToken!: string;

  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  outputToken!: string;

  @IsDefined()
  @IsNumberOrString()
  amount!: number | string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5_000, { message: 'slippageBps must not be greater than 5000 (50%)' })
  slippageBps?: number;
}
