import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RequestValidationError } from '../../common/errors/request.errors.js';
import { ErrorSchema } from '../../contracts/openapi.schemas.js';
import type { FieldError } from '../../contracts/rest.js';
import { TradeFieldsValidator } from '../../tokens/trade-fields.validator.js';
import type { TokenLaunchResponse } from '../../contracts/rest.js';
import { TokenRegistry } from '../../tokens/token-registry.js';
import { TokenLaunches } from '../token-launches.service.js';
import { LaunchTokenDto } from './dto/launch-token.dto.js';
import { OutsideSwapDto } from './dto/outside-swap.dto.js';
import { SimulationControl, type OutsideSwapResult } from './simulation-control.service.js';

/** Control of the simulated market; not served with NODE_ENV=production unless SIM_CONTROL=on. */
@ApiTags('simulation')
@ApiBadRequestResponse({ type: ErrorSchema })
@Controller('api/simulation')
export class SimulationController {
  constructor(
    private readonly control: SimulationControl,
    private readonly trades: TradeFieldsValidator,
    private readonly launches: TokenLaunches,
    private readonly tokens: TokenRegistry,
  ) {}

  @Post('swaps')
  @HttpCode(200)
  @ApiOkResponse({ description: "The outside swap landed: the venue's pool price moved" })
  @ApiUnprocessableEntityResponse({ type: ErrorSchema, description: 'NO_POOL: the venue does not list the pair' })
  outsideSwap(@Body() body: OutsideSwapDto): Promise<OutsideSwapResult> {
    const errors: FieldError[] = [];
    const trade = this.trades.validate(body, errors);
    if (!trade) throw new RequestValidationError(errors);
    return this.control.outsideSwap(body.venue, trade);
  }

  @Post('launches')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The token is launched: every engine process knows it and routes through its pool' })
  @ApiConflictResponse({ type: ErrorSchema, description: 'TOKEN_EXISTS: the mint or the symbol is taken' })
  launch(@Body() body: LaunchTokenDto): Promise<TokenLaunchResponse> {
    const quote = this.tokens.resolve(body.quoteToken.trim());
    if (!quote || quote.referenceUsd <= 0) {
      throw new RequestValidationError([
        { field: 'quoteToken', rule: 'isKnownToken', message: `quoteToken "${body.quoteToken}" must be a known token with a price (e.g. SOL or USDC)` },
      ]);
    }
    return this.launches.launch({ ...body, quote });
  }
}
