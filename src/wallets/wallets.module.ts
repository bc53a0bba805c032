import { Module } from '@nestjs/common';
import { LocalMarketModule } from '../local-market/local-market.module.js';
import { CustodialWallets } from './custodial-wallets.service.js';
import { WalletsController } from './wallets.controller.js';

/** The custodial wallets orders trade from (CHAIN=solana), and `GET /api/wallet`. */
@Module({
  imports: [LocalMarketModule],
  providers: [CustodialWallets],
  controllers: [WalletsController],
  exports: [CustodialWallets],
})
export class WalletsModule {}
