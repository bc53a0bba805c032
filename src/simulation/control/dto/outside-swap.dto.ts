import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { VenueId } from '../../../contracts/order-lifecycle.js';

export const VENUES: readonly VenueId[] = ['raydium', 'meteora'];

/** `POST /api/simulation/swaps`: another trader's swap on one venue's pool, which moves its price. */
export class OutsideSwapDto {
  @ApiProperty({ enum: VENUES, example: 'raydium' })
  @IsDefined()
  @IsIn(VENUES, { message: `venue must be one of: ${VENUES.join(', ')}` })
  venue!: VenueId;

  @ApiProperty({ example: 'USDC' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  inputToken!: string;

  @ApiProperty({ example: 'SOL' })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  outputToken!: string;

  @ApiProperty({ example: '250000', description: 'UI units of inputToken, a decimal string or number.' })
  @IsDefined()
  amount!: string | number;
}
