import { Controller, Get } from '@nestjs/common';
import { TokenRegistry } from './tokens/token-registry.js';

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
