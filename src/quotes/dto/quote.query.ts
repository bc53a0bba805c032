import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `GET /api/quote` query: the trade fields of an order, without placing it. */
export class QuoteQuery {
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
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  amount!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5_000, { message: 'slippageBps must not be greater than 5000 (50%)' })
  slippageBps?: number;
}
