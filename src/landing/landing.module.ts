import { Module } from '@nestjs/common';
import { TransactionLander } from './transaction-lander.service.js';

/** Landing transactions on the Solana network (CHAIN=solana): budget, sign, send, rebroadcast, confirm. */
@Module({
  providers: [TransactionLander],
  exports: [TransactionLander],
})
export class LandingModule {}
