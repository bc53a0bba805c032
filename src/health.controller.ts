import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TokenRegistry } from './tokens/token-registry.js';

@ApiTags('engine')
@Controller('api')
export class HealthController {
  constructor(private readonly tokens: TokenRegistry) {}

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The tokens orders may name, by symbol or mint. */
  @Get('tokens')
  list() {
    return { tokens: this.tokens.all().map(({ symbol, name, mint, decimals, native }) => ({ symbol, name, mint, decimals, native })) };
  }
}
