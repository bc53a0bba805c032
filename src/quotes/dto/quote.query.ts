import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `GET /api/quote` query: the trade fields of an order, without placing it. */
export class QuoteQuery {
  @ApiProperty({ example: 'SOL' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  inputToken!: string;

  @ApiProperty({ example: 'USDC' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  outputToken!: string;

  @ApiProperty({ example: '100', description: 'UI units of inputToken.' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  amount!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 5000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5_000, { message: 'slippageBps must not be greater than 5000 (50%)' })
  slippageBps?: number;
}
