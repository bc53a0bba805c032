import { setTimeout } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  airdropFactory,
  assertIsTransactionWithBlockhashLifetime,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  fetchAllMaybeMint,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token';
import { SolanaClient } from '../chain/solana-client.js';
import { AppConfig } from '../config/app-config.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import { faucetGrant } from './faucet.js';
import { marketSigner } from './market-keys.js';
import { NetworkMints } from './network-mints.js';

const LAMPORTS_PER_SOL = 1_000_000_000n;
/** The market authority pays for the setup and the faucet's token grants: topped up below this, by this much. */
const AUTHORITY_LOW_SOL = 100n;
const AUTHORITY_TOP_UP_SOL = 10_000n;
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
export class LocalMarket implements OnApplicationBootstrap {
  private readonly logger = new Logger(LocalMarket.name);
  private authority?: Promise<KeyPairSigner>;

  constructor(
    private readonly client: SolanaClient,
    private readonly mints: NetworkMints,
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Before the engine serves: a wallet funded, or an order sent, finds its tokens' mints there. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.mints.onLocalNetwork) await this.createMissingMints();
  }

  /**
   * A wallet with no SOL on the local network (a new one, one whose funding failed, or one the network lost in a
   * restart): FAUCET_SOL from the airdrop and FAUCET_USD worth of every SPL token, confirmed.
   */
  async fundIfEmpty(owner: Address): Promise<void> {
    if (!this.mints.onLocalNetwork) return;
    const { value: balance } = await this.client.rpc.getBalance(owner, { commitment: 'confirmed' }).send();
    if (balance > 0n) return;
    const { faucetSol, faucetUsd } = this.config.wallets;
    const grants = this.splTokens()
      .map((token) => ({ token, amount: faucetGrant(token, faucetUsd) }))
      .filter(({ amount }) => amount > 0n);
    await Promise.all([
      faucetSol > 0 ? this.airdrop(owner, BigInt(Math.round(faucetSol * 1e9))) : undefined,
      grants.length > 0 ? this.grantTokens(owner, grants) : undefined,
    ]);
  }

  private splTokens(): Token[] {
    return this.tokens.all().filter((token) => !token.native);
  }

  private async createMissingMints(): Promise<void> {
    const spl = this.splTokens();
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
    await this.topUpAuthority();
    const created = await Promise.all(missing.map(async (token) => ((await this.createMint(token)) ? [token] : [])));
    for (const token of created.flat()) this.logger.log(`local market: ${token.symbol} mint ${this.mints.of(token)} (${token.decimals} decimals)`);
  }

  /** Whether this process made it (false: another engine process did, at the same time). */
  private async createMint(token: Token): Promise<boolean> {
    const [authority, mint] = await Promise.all([this.authoritySigner(), marketSigner({ kind: 'mint', symbol: token.symbol })]);
    const space = BigInt(getMintSize());
    const rent = await this.client.rpc.getMinimumBalanceForRentExemption(space).send();
    try {
      await this.sendSetup(authority, [
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
    const authority = await this.authoritySigner();
    const instructions = await Promise.all(
      grants.map(async ({ token, amount }) => {
        const mint = this.mints.of(token);
        const [account] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
        return [
          getCreateAssociatedTokenIdempotentInstruction({ payer: authority, ata: account, owner, mint }),
          getMintToCheckedInstruction({ mint, token: account, mintAuthority: authority, amount, decimals: token.decimals }),
        ];
      }),
    );
    await this.topUpAuthority();
    // A few tokens a transaction: its size limit holds any registry.
    const flat = instructions.flat();
    for (let i = 0; i < flat.length; i += 2 * GRANTS_PER_TRANSACTION) await this.sendSetup(authority, flat.slice(i, i + 2 * GRANTS_PER_TRANSACTION));
  }

  private async topUpAuthority(): Promise<void> {
    const authority = await this.authoritySigner();
    const { value: balance } = await this.client.rpc.getBalance(authority.address).send();
    if (balance < AUTHORITY_LOW_SOL * LAMPORTS_PER_SOL) await this.airdrop(authority.address, AUTHORITY_TOP_UP_SOL * LAMPORTS_PER_SOL);
  }

  private airdrop(recipientAddress: Address, amount: bigint): Promise<unknown> {
    const { rpc, subscriptions: rpcSubscriptions } = this.client;
    return airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress, lamports: lamports(amount), commitment: 'confirmed' });
  }

  private async sendSetup(payer: KeyPairSigner, instructions: readonly Instruction[]): Promise<void> {
    const { rpc, subscriptions: rpcSubscriptions } = this.client;
    const { value: blockhash } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(transaction);
    await sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions })(transaction, { commitment: 'confirmed' });
  }

  private authoritySigner(): Promise<KeyPairSigner> {
    this.authority ??= marketSigner({ kind: 'authority' });
    return this.authority;
  }
}
