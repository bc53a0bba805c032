import { setTimeout } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { Address, Instruction, TransactionSigner } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  fetchAllMaybeToken,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintToCheckedInstruction,
  getSyncNativeInstruction,
} from '@solana-program/token';
import { SolanaClient } from '../chain/solana-client.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { withRedisLock } from '../redis/redis-lock.js';
import type { RedisClient } from '../redis/redis-options.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import { poolTotals, type PoolTotals } from '../simulation/pool-delta.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import type { Token } from '../tokens/token.js';
import { MarketAuthority } from './market-authority.js';
import { NetworkMints } from './network-mints.js';
import { PoolVaults, type PoolAccounts } from './pool-vaults.js';

/** How long a process waits for another one's setup of the pools before it gives up booting. */
const SETUP_WAIT_MS = 120_000;
const SETUP_LEASE_MS = 60_000;
const SETUP_POLL_MS = 200;
/** Pools funded at once (a transaction each). */
const FUNDING_CONCURRENCY = 4;

/** A pool's vault balances on the network beside what the venue's state says it holds. */
export interface PoolAudit {
  readonly poolId: string;
  readonly vaults: { readonly x: Address; readonly y: Address };
  readonly state: PoolTotals;
  /** Null for a vault the network does not hold. */
  readonly onChain: { readonly x: bigint | null; readonly y: bigint | null };
}

/**
 * The venues' pools on a local network: each pool's reserves held in two token accounts of its own authority,
 * funded once per network with exactly what the venue's state says the pool holds. Set up by whichever engine
 * process boots first (the others wait for it), and again when the network was restarted empty (its genesis
 * hash changed): then the venues' states, which mirrored the lost network, start afresh too.
 */
@Injectable()
export class LocalPools {
  private readonly logger = new Logger(LocalPools.name);
  private readonly redis: RedisClient;

  constructor(
    private readonly client: SolanaClient,
    private readonly exchange: SimulatedExchange,
    private readonly vaults: PoolVaults,
    private readonly mints: NetworkMints,
    private readonly authority: MarketAuthority,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('local-market');
  }

  /** Sets the pools up for the network as it is now, once; returns when they are (by this process or another). */
  async setUp(): Promise<void> {
    const genesisHash = await this.client.rpc.getGenesisHash().send();
    const deadline = Date.now() + SETUP_WAIT_MS;
    while (!(await this.readyFor(genesisHash))) {
      await withRedisLock(this.redis, this.connections.key('local-market', 'pools-setup'), SETUP_LEASE_MS, () => this.setUpUnderLock(genesisHash));
      if (await this.readyFor(genesisHash)) return;
      if (Date.now() > deadline) throw new Error(`another engine process has been setting the local market's pools up for ${SETUP_WAIT_MS / 1000} s`);
      await setTimeout(SETUP_POLL_MS);
    }
  }

  /** Funds one pool (a token launched since boot) unless its vaults exist already. */
  async fund(pool: PoolDefinition): Promise<void> {
    const [audit] = await this.auditOf([pool]);
    if (audit.onChain.x === null || audit.onChain.y === null) await this.fundAll([pool], [audit]);
  }

  /** Every pool's vault balances beside its state: equal for every pool once no swap is pending. */
  audit(): Promise<PoolAudit[]> {
    return this.auditOf(this.exchange.definitions());
  }

  private async auditOf(definitions: readonly PoolDefinition[]): Promise<PoolAudit[]> {
    const [views, accounts] = await Promise.all([this.exchange.view(definitions, this.exchange.now()), this.accountsOf(definitions)]);
    const found = await fetchAllMaybeToken(
      this.client.rpc,
      accounts.flatMap((a) => [a.vaultX, a.vaultY]),
      { commitment: 'confirmed' },
    );
    return definitions.map((definition, i) => {
      const [x, y] = [found[2 * i], found[2 * i + 1]];
      return {
        poolId: definition.id,
        vaults: { x: accounts[i].vaultX, y: accounts[i].vaultY },
        state: poolTotals(views.get(definition.id)!.state),
        onChain: { x: x.exists ? x.data.amount : null, y: y.exists ? y.data.amount : null },
      };
    });
  }

  private async readyFor(genesisHash: string): Promise<boolean> {
    return (await this.redis.get(this.readyKey())) === genesisHash;
  }

  private async setUpUnderLock(genesisHash: string): Promise<void> {
    const before = await this.redis.get(this.readyKey());
    if (before === genesisHash) return;
    if (before !== null) this.logger.warn(`the local network was restarted empty (genesis ${before} → ${genesisHash}): the venues' pools start afresh on it`);
    // The pools' states mirror the vaults of the network they were set up on (or were paper-traded): start afresh.
    await this.exchange.forgetPools();
    const funded = await this.fundPools();
    await this.redis.set(this.readyKey(), genesisHash);
    this.logger.log(`local market: ${funded} pools hold their reserves in vaults on the network`);
  }

  /** Funds every pool whose vaults the network does not hold yet, each in one transaction (both vaults, or neither). */
  private async fundPools(): Promise<number> {
    const definitions = this.exchange.definitions();
    const audits = await this.auditOf(definitions);
    const unfunded = audits.filter((audit) => audit.onChain.x === null || audit.onChain.y === null);
    await this.fundAll(definitions, unfunded);
    return unfunded.length;
  }

  private async fundAll(pools: readonly PoolDefinition[], unfunded: readonly PoolAudit[]): Promise<void> {
    const definitions = new Map(pools.map((d) => [d.id, d]));
    const solNeeded = unfunded.reduce((sum, audit) => {
      const pool = definitions.get(audit.poolId)!;
      return sum + (pool.x.native ? audit.state.x : 0n) + (pool.y.native ? audit.state.y : 0n);
    }, 0n);
    await this.authority.topUp(solNeeded);
    const payer = await this.authority.get();
    for (let i = 0; i < unfunded.length; i += FUNDING_CONCURRENCY) {
      await Promise.all(
        unfunded.slice(i, i + FUNDING_CONCURRENCY).map(async (audit) => {
          const pool = definitions.get(audit.poolId)!;
          const accounts = await this.vaults.of(pool);
          await this.authority.send(this.fundingInstructions(payer, pool, accounts, audit.state));
        }),
      );
    }
  }

  private fundingInstructions(payer: TransactionSigner, pool: PoolDefinition, accounts: PoolAccounts, totals: PoolTotals): Instruction[] {
    return [
      ...this.deposit(payer, pool.x, accounts.authority.address, accounts.vaultX, totals.x),
      ...this.deposit(payer, pool.y, accounts.authority.address, accounts.vaultY, totals.y),
    ];
  }

  /** The vault created, and `amount` put in it: minted, or native SOL wrapped. */
  private deposit(payer: TransactionSigner, token: Token, owner: Address, vault: Address, amount: bigint): Instruction[] {
    const mint = this.mints.of(token);
    const create = getCreateAssociatedTokenIdempotentInstruction({ payer, ata: vault, owner, mint });
    if (token.native) return [create, getTransferSolInstruction({ source: payer, destination: vault, amount }), getSyncNativeInstruction({ account: vault })];
    return [create, getMintToCheckedInstruction({ mint, token: vault, mintAuthority: payer, amount, decimals: token.decimals })];
  }

  private accountsOf(definitions: readonly PoolDefinition[]): Promise<PoolAccounts[]> {
    return Promise.all(definitions.map((definition) => this.vaults.of(definition)));
  }

  private readyKey(): string {
    return this.connections.key('local-market', 'pools-ready');
  }
}
