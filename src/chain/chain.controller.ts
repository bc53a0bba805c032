import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ChainResponse } from '../contracts/rest.js';
import { ChainInfo } from './chain-info.js';

@ApiTags('engine')
@Controller('api/chain')
export class ChainController {
  constructor(private readonly chain: ChainInfo) {}

  /** Which network orders settle on: its cluster, the RPC and WebSocket URLs a client can reach it at, its genesis hash, slot and block height. */
  @Get()
  @ApiOkResponse({ description: 'The network (or `paper`: the simulated chain)' })
  describe(): Promise<ChainResponse> {
    return this.chain.describe();
  }
}
