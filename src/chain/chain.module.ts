import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ChainController } from './chain.controller.js';
import { ChainInfo, PaperChainInfo, SolanaChainInfo } from './chain-info.js';
import { SolanaClient } from './solana-client.js';

/** The network orders settle on: a Solana cluster (CHAIN=solana) or the simulated chain (CHAIN=paper). */
@Module({})
export class ChainModule {
  static forRoot(config: AppConfig, withController: boolean): DynamicModule {
    const solana = config.chain.mode === 'solana';
    return {
      module: ChainModule,
      global: true,
      providers: solana ? [SolanaClient, { provide: ChainInfo, useClass: SolanaChainInfo }] : [{ provide: ChainInfo, useClass: PaperChainInfo }],
      exports: solana ? [SolanaClient, ChainInfo] : [ChainInfo],
      controllers: withController ? [ChainController] : [],
    };
  }
}
