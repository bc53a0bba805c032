import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { SolanaClient } from '../chain/solana-client.js';
import type { WalletResponse } from '../contracts/rest.js';
import { NetworkMints } from '../local-market/network-mints.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { CustodialWallets } from './custodial-wallets.service.js';
import { committedOf } from './spendable-funds.js';
import { WalletCommitments } from './wallet-commitments.service.js';
import { walletBalances } from './wallet-balances.js';

@ApiTags('orders')
@Controller('api/wallet')
export class WalletsController {
  constructor(
    private readonly wallets: CustodialWallets,
    private readonly client: SolanaClient,
    private readonly tokens: TokenRegistry,
    private readonly mints: NetworkMints,
    private readonly commitments: WalletCommitments,
  ) {}

  /** The caller's custodial wallet: its address, its balance in SOL and every registry token, and what its orders in flight will spend of each (exact base units). */
  @Get()
  @ApiOkResponse({ description: 'The wallet orders of this key trade from' })
  async wallet(@CurrentPrincipal() principal: Principal): Promise<WalletResponse> {
    const signer = await this.wallets.signerFor(principal.name);
    const tokens = this.tokens.all();
    const [balances, commitments] = await Promise.all([
      walletBalances(this.client.rpc, signer.address, tokens, this.mints),
      this.commitments.of(signer.address),
    ]);
    const live = [...commitments.values()];
    const now = Date.now();
    const committed = (mint: string, native: boolean) => {
      const sums = committedOf(live, native ? undefined : mint, now);
      return (native ? sums.lamports : sums.tokens).toString();
    };
    return {
      owner: principal.name,
      address: signer.address,
      // In the registry's order, as the balances are.
      balances: balances.map((balance, i) => ({ ...balance, committed: committed(balance.mint, tokens[i].native) })),
    };
  }
}
