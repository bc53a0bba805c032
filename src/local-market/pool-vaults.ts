import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Address, KeyPairSigner } from '@solana/kit';
import { associatedTokenAddress } from '../chain/associated-token.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import type { Token } from '../tokens/token.js';
import { marketAddress, marketSigner, type MarketKey } from './market-keys.js';
import { NetworkMints } from './network-mints.js';

/** A venue pool's accounts on the network: its authority, and the token accounts (vaults) it holds its reserves in. */
export interface PoolAccounts {
  readonly authority: KeyPairSigner;
  readonly vaultX: Address;
  readonly vaultY: Address;
}

/**
 * Where each venue pool keeps its reserves on the network: the associated token accounts of a per-pool authority
 * (wrapped SOL's for SOL), whose key follows from the pool's id like the market's other keys, within the engine's
 * Redis key prefix: engines that keep their pools apart in Redis keep them apart on a shared network too.
 */
@Injectable()
export class PoolVaults {
  private readonly accounts = new Map<string, Promise<PoolAccounts>>();

  private readonly namespace: string;

  constructor(
    private readonly mints: NetworkMints,
    config: AppConfig,
  ) {
    this.namespace = config.redis.keyPrefix;
  }

  of(pool: PoolDefinition): Promise<PoolAccounts> {
    let accounts = this.accounts.get(pool.id);
    if (!accounts) {
      accounts = this.derive(pool);
      this.accounts.set(pool.id, accounts);
    }
    return accounts;
  }

  /** The address of the pool's authority (the owner of its vaults), without deriving its signer. */
  authorityAddress(pool: PoolDefinition): string {
    return marketAddress(this.keyOf(pool));
  }

  /** The pool's vault for `token` (one of its two). */
  static vaultFor(pool: PoolDefinition, accounts: PoolAccounts, token: Pick<Token, 'mint'>): Address {
    return token.mint === pool.x.mint ? accounts.vaultX : accounts.vaultY;
  }

  private keyOf(pool: PoolDefinition): MarketKey {
    return { kind: 'pool', poolId: `${this.namespace}/${pool.id}` };
  }

  private async derive(pool: PoolDefinition): Promise<PoolAccounts> {
    const authority = await marketSigner(this.keyOf(pool));
    const [vaultX, vaultY] = await Promise.all([pool.x, pool.y].map((token) => associatedTokenAddress(authority.address, this.mints.of(token))));
    return { authority, vaultX, vaultY };
  }
}
