import { Module } from '@nestjs/common';
import { isLocalRpc } from '../chain/cluster-name.js';
import { SolanaClient } from '../chain/solana-client.js';
import { SimulationModule } from '../simulation/simulation.module.js';
import { LocalMarket } from './local-market.service.js';
import { LocalPools } from './local-pools.service.js';
import { MarketAuthority } from './market-authority.js';
import { NetworkMints } from './network-mints.js';
import { PoolVaults } from './pool-vaults.js';

/** The tokens' mints on the network orders settle on (CHAIN=solana), and on a local network the market: its pools' vaults and the faucet. */
@Module({
  imports: [SimulationModule],
  providers: [
    { provide: NetworkMints, useFactory: (client: SolanaClient) => new NetworkMints(isLocalRpc(client.rpcUrl)), inject: [SolanaClient] },
    LocalMarket,
    LocalPools,
    MarketAuthority,
    PoolVaults,
  ],
  exports: [NetworkMints, LocalMarket, LocalPools, PoolVaults],
})
export class LocalMarketModule {}
