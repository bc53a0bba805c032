import { Module } from '@nestjs/common';
import { isLocalRpc } from '../chain/cluster-name.js';
import { SolanaClient } from '../chain/solana-client.js';
import { LocalMarket } from './local-market.service.js';
import { NetworkMints } from './network-mints.js';

/** The tokens' mints on the network orders settle on (CHAIN=solana), and on a local network the market and its faucet. */
@Module({
  providers: [
    { provide: NetworkMints, useFactory: (client: SolanaClient) => new NetworkMints(isLocalRpc(client.rpcUrl)), inject: [SolanaClient] },
    LocalMarket,
  ],
  exports: [NetworkMints, LocalMarket],
})
export class LocalMarketModule {}
