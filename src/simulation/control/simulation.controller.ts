import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { RequestValidationError } from '../../common/errors/request.errors.js';
import { ErrorSchema } from '../../contracts/openapi.schemas.js';
import type { FieldError } from '../../contracts/rest.js';
import { TradeFieldsValidator } from '../../tokens/trade-fields.validator.js';
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
}
