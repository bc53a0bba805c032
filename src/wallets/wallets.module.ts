import { Module } from '@nestjs/common';
import { CustodialWallets } from './custodial-wallets.service.js';
import { WalletsController } from './wallets.controller.js';

/** The custodial wallets orders trade from (CHAIN=solana), and `GET /api/wallet`. */
@Module({
  providers: [CustodialWallets],
  controllers: [WalletsController],
  exports: [CustodialWallets],
})
export class WalletsModule {}
