import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { VenueId } from '../../../contracts/order-lifecycle.js';
import { IsMintAddress } from '../../../tokens/mint-address.js';
import { VENUES } from './outside-swap.dto.js';

/** `POST /api/simulation/launches`: a new token and its first pool, on one venue, against a known token. */
export class LaunchTokenDto {
  @ApiProperty({ example: 'PEPE2', description: '1–12 letters or digits, starting with a letter; not a symbol the registry knows.' })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,11}$/, { message: 'symbol must be 1-12 letters or digits, starting with a letter' })
  symbol!: string;

  @ApiPropertyOptional({ example: '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU', description: 'Base58, 32 bytes; a new random mint when absent.' })
  @IsOptional()
  @IsMintAddress()
  mint?: string;

  @ApiProperty({ example: 6, minimum: 0, maximum: 18 })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(18)
  decimals!: number;

  @ApiProperty({ enum: VENUES, example: 'raydium' })
  @IsDefined()
  @IsIn(VENUES, { message: `venue must be one of: ${VENUES.join(', ')}` })
  venue!: VenueId;

  @ApiProperty({ example: 'SOL', description: 'The known token the pool pairs it with.' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  quoteToken!: string;

  @ApiProperty({ example: 0.0005, description: "The new token's opening price in USD." })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1e-12)
  @Max(1e9)
  priceUsd!: number;

  @ApiProperty({ example: 250000, description: "The pool's depth in USD at launch (both sides together)." })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1_000)
  @Max(1e10)
  liquidityUsd!: number;
}
