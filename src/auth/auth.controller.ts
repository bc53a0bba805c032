import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorSchema } from '../contracts/openapi.schemas.js';
import type { WsTicketResponse } from '../contracts/rest.js';
import type { Principal } from './api-key.js';
import { ApiKeys, TICKET_TTL_S } from './api-keys.service.js';
import { CurrentPrincipal } from './principal.decorator.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly keys: ApiKeys) {}

  /** A browser cannot set headers on a WebSocket: it asks for a ticket with its key, and connects with `?ticket=`. */
  @Post('ws-ticket')
  @HttpCode(200)
  @ApiOkResponse({ description: `A single-use ticket, valid for ${TICKET_TTL_S} s, for ?ticket= on a WebSocket URL` })
  @ApiUnauthorizedResponse({ type: ErrorSchema })
  async ticket(@CurrentPrincipal() principal: Principal): Promise<WsTicketResponse> {
    return { ticket: await this.keys.issueTicket(principal), expiresInSeconds: TICKET_TTL_S };
  }
}
