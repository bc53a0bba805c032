import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { SolanaClient } from '../chain/solana-client.js';
import type { WalletResponse } from '../contracts/rest.js';
import { NetworkMints } from '../local-market/network-mints.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { CustodialWallets } from './custodial-wallets.service.js';
import { walletBalances } from './wallet-balances.js';

@ApiTags('orders')
@Controller('api/wallet')
export class WalletsController {
  constructor(
    private readonly wallets: CustodialWallets,
    private readonly client: SolanaClient,
    private readonly tokens: TokenRegistry,
    private readonly mints: NetworkMints,
  ) {}

  /** The caller's custodial wallet: its address and its balance in SOL and every registry token (exact base units). */
  @Get()
  @ApiOkResponse({ description: 'The wallet orders of this key trade from' })
  async wallet(@CurrentPrincipal() principal: Principal): Promise<WalletResponse> {
    const signer = await this.wallets.signerFor(principal.name);
    return { owner: principal.name, address: signer.address, balances: await walletBalances(this.client.rpc, signer.address, this.tokens.all(), this.mints) };
  }
}
