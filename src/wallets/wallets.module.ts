import { Module, type DynamicModule } from '@nestjs/common';
import { LocalMarketModule } from '../local-market/local-market.module.js';
import { CustodialWallets } from './custodial-wallets.service.js';
import { WalletCommitments } from './wallet-commitments.service.js';
import { WalletsController } from './wallets.controller.js';

/** The custodial wallets orders trade from (CHAIN=solana), and `GET /api/wallet` where the API is served. */
@Module({})
export class WalletsModule {
  static forRoot(withController: boolean): DynamicModule {
    return {
      module: WalletsModule,
      global: true,
      imports: [LocalMarketModule],
      providers: [CustodialWallets, WalletCommitments],
      controllers: withController ? [WalletsController] : [],
      exports: [CustodialWallets, WalletCommitments],
    };
  }
}
