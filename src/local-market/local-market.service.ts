import { setTimeout } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Address } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  fetchAllMaybeMint,
  fetchAllMaybeToken,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { associatedTokenAddress } from '../chain/associated-token.js';
import { SolanaClient } from '../chain/solana-client.js';
import { AppConfig } from '../config/app-config.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { faucetGrant } from './faucet.js';
import { marketSigner } from './market-keys.js';
import { NetworkMints } from './network-mints.js';
import { MarketAuthority } from './market-authority.js';
import { LocalPools } from './local-pools.service.js';
import { TokenLaunches } from '../simulation/token-launches.service.js';

/** How often the local network's genesis hash is read: a restarted network is set up again. */
const NETWORK_CHECK_MS = 2_000;
/** Token grants a faucet transaction carries (two instructions each). */
const GRANTS_PER_TRANSACTION = 5;
/** How long a mint another process sent may take to confirm (setup only, at boot): 10 s, looked at every 200 ms. */
const MINT_APPEARS_TRIES = 50;
const MINT_APPEARS_POLL_MS = 200;

/** A mint the network holds with other decimals than the registry's: amounts would mean other things. */
export class MintMismatchError extends Error {
  constructor(token: Token, mint: Address, decimals: number) {
    super(
      `the local network's ${token.symbol} mint ${mint} has ${decimals} decimals, the token registry ${token.decimals}: reset the network or fix TOKENS_EXTRA`,
    );
  }
}

/**
 * The market on a local network, set up by the engine through ordinary transactions: a mint for each SPL token
 * of the registry (at the addresses `NetworkMints` gives), made once per network, whichever engine process boots
 * first; and the faucet that funds a new wallet. On any other cluster it does nothing: the market is there.
 */
@Injectable()
export class LocalMarket implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LocalMarket.name);
  /** The network the market is set up on (its genesis hash). */
  private genesisHash?: string;
  private checking?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private readonly resetListeners = new Set<() => void>();

  constructor(
    private readonly client: SolanaClient,
    private readonly mints: NetworkMints,
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
    private readonly authority: MarketAuthority,
    private readonly pools: LocalPools,
    private readonly launches: TokenLaunches,
  ) {}

  /** A token launched on a local network gets its mint, and its pool its vaults, before anyone may trade it. */
  onModuleInit(): void {
    if (!this.mints.onLocalNetwork) return;
    this.launches.setUpOnChainWith(async (pool) => {
      await this.createMissingMints([pool.x, pool.y].filter((token) => !token.native));
      await this.pools.fund(pool);
    });
  }

  /** Before the engine serves: a wallet funded, or an order sent, finds its tokens' mints and the venues' pools there. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.mints.onLocalNetwork) return;
    const genesisHash = await this.client.rpc.getGenesisHash().send();
    await this.setUp();
    this.genesisHash = genesisHash;
    this.timer = setInterval(() => void this.checkNetwork().catch(() => undefined), NETWORK_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Returns once the market is set up on the network with this genesis hash: at once when it is the one set up,
   * after setting it up again when the local network was restarted empty since. Any other cluster: at once.
   */
  async readyFor(genesisHash: string): Promise<void> {
    if (!this.mints.onLocalNetwork || genesisHash === this.genesisHash) return;
    await this.checkNetwork();
    if (genesisHash !== this.genesisHash) throw new Error(`the local network changed again (genesis ${this.genesisHash}, not ${genesisHash})`);
  }

  /** Calls `listener` after the market was set up again on a restarted local network (wallets need funding again). */
  onNetworkReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  private async setUp(): Promise<void> {
    await this.createMissingMints();
    await this.pools.setUp();
  }

  /** A local network restarted empty (a new genesis hash): its mints and pools are set up again, once at a time. */
  private checkNetwork(): Promise<void> {
    this.checking ??= (async () => {
      const now = await this.client.rpc.getGenesisHash().send();
      if (now === this.genesisHash) return;
      this.logger.warn(`the local network was restarted (genesis ${this.genesisHash} → ${now}): setting the market up on it again`);
      await this.setUp();
      this.genesisHash = now;
      this.resetListeners.forEach((listener) => listener());
    })().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /**
   * What a wallet on the local network has never had: FAUCET_SOL from the airdrop if it holds no SOL, and
   * FAUCET_USD worth of each SPL token it has no account for (a new wallet, one whose funding failed part way,
   * or one the network lost in a restart), confirmed. A wallet that spent a token down keeps what it has.
   */
  async fundIfEmpty(owner: Address): Promise<void> {
    if (!this.mints.onLocalNetwork) return;
    const { faucetSol, faucetUsd } = this.config.wallets;
    const candidates = this.splTokens()
      .map((token) => ({ token, amount: faucetGrant(token, faucetUsd) }))
      .filter(({ amount }) => amount > 0n);
    const accounts = await Promise.all(candidates.map(({ token }) => associatedTokenAddress(owner, this.mints.of(token))));
    const [{ value: balance }, found] = await Promise.all([
      this.client.rpc.getBalance(owner, { commitment: 'confirmed' }).send(),
      fetchAllMaybeToken(this.client.rpc, accounts, { commitment: 'confirmed' }),
    ]);
    const grants = candidates.filter((_, i) => !found[i].exists);
    await Promise.all([
      faucetSol > 0 && balance === 0n ? this.authority.airdrop(owner, BigInt(Math.round(faucetSol * 1e9))) : undefined,
      grants.length > 0 ? this.grantTokens(owner, grants) : undefined,
    ]);
  }
  /**
   * On a local network, gives `owner` `lamports` more SOL (an airdrop) and `amount` more of each SPL token granted
   * (a mint): for the market's own traders, whose inventory the engine keeps up. False (nothing given) elsewhere.
   */
  async topUp(owner: Address, lamports: bigint, grants: readonly { token: Token; amount: bigint }[]): Promise<boolean> {
    if (!this.mints.onLocalNetwork) return false;
    await Promise.all([this.authority.airdrop(owner, lamports), grants.length > 0 ? this.grantTokens(owner, grants) : undefined]);
    return true;
  }

  private splTokens(): Token[] {
    return this.tokens.all().filter((token) => !token.native);
  }

  private async createMissingMints(spl: readonly Token[] = this.splTokens()): Promise<void> {
    const found = await fetchAllMaybeMint(
      this.client.rpc,
      spl.map((token) => this.mints.of(token)),
    );
    const missing = spl.filter((token, i) => {
      const mint = found[i];
      if (mint.exists && mint.data.decimals !== token.decimals) throw new MintMismatchError(token, mint.address, mint.data.decimals);
      return !mint.exists;
    });
    if (missing.length === 0) return;
    await this.authority.topUp();
    const created = await Promise.all(missing.map(async (token) => ((await this.createMint(token)) ? [token] : [])));
    for (const token of created.flat()) this.logger.log(`local market: ${token.symbol} mint ${this.mints.of(token)} (${token.decimals} decimals)`);
  }

  /** Whether this process made it (false: another engine process did, at the same time). */
  private async createMint(token: Token): Promise<boolean> {
    const [authority, mint] = await Promise.all([this.authority.get(), marketSigner({ kind: 'mint', symbol: token.symbol })]);
    const space = BigInt(getMintSize());
    const rent = await this.client.rpc.getMinimumBalanceForRentExemption(space).send();
    try {
      await this.authority.send([
        getCreateAccountInstruction({ payer: authority, newAccount: mint, lamports: rent, space, programAddress: TOKEN_PROGRAM_ADDRESS }),
        getInitializeMint2Instruction({ mint: mint.address, decimals: token.decimals, mintAuthority: authority.address, freezeAuthority: null }),
      ]);
      return true;
    } catch (error) {
      // Another engine process made it meanwhile: the account is in use, or (same keys, same blockhash) it sent
      // this very transaction, which the network refuses as already processed. Theirs is the mint, once confirmed.
      if (await this.mintAppears(mint.address)) return false;
      throw error;
    }
  }

  /** Whether the mint is there, or shows up within a few slots (another process's transaction confirming). */
  private async mintAppears(mint: Address): Promise<boolean> {
    for (let tries = 0; tries < MINT_APPEARS_TRIES; tries++) {
      const [found] = await fetchAllMaybeMint(this.client.rpc, [mint], { commitment: 'confirmed' });
      if (found.exists) return true;
      await setTimeout(MINT_APPEARS_POLL_MS);
    }
    return false;
  }

  private async grantTokens(owner: Address, grants: readonly { token: Token; amount: bigint }[]): Promise<void> {
    const authority = await this.authority.get();
    const instructions = await Promise.all(
      grants.map(async ({ token, amount }) => {
        const mint = this.mints.of(token);
        const account = await associatedTokenAddress(owner, mint);
        return [
          getCreateAssociatedTokenIdempotentInstruction({ payer: authority, ata: account, owner, mint }),
          getMintToCheckedInstruction({ mint, token: account, mintAuthority: authority, amount, decimals: token.decimals }),
        ];
      }),
    );
    await this.authority.topUp();
    // A few tokens a transaction: its size limit holds any registry.
    const flat = instructions.flat();
    for (let i = 0; i < flat.length; i += 2 * GRANTS_PER_TRANSACTION) await this.authority.send(flat.slice(i, i + 2 * GRANTS_PER_TRANSACTION));
  }
}
