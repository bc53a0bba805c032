import { randomInt } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import {
  airdropFactory,
  appendTransactionMessageInstructions,
  assertIsTransactionWithBlockhashLifetime,
  createTransactionMessage,
  getSignatureFromTransaction,
  isSolanaError,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';
import { SolanaClient } from '../chain/solana-client.js';
import { attemptFate, type AttemptFate } from '../landing/landing-decisions.js';
import { marketSigner } from './market-keys.js';

export const LAMPORTS_PER_SOL = 1_000_000_000n;
/** The market authority pays for the setup and the faucet's token grants: topped up below this, by this much. */
const AUTHORITY_LOW_SOL = 100n;
const AUTHORITY_TOP_UP_SOL = 10_000n;
/** A setup transaction whose blockhash expired unlanded (a loaded machine, a fast clock) is built again this often. */
const SEND_ATTEMPTS = 4;
/** How often an expired setup transaction's status is read while the network holds it unconfirmed, and for how long. */
const STATUS_POLL_MS = 200;
const SETTLE_WITHIN_MS = 30_000;

/**
 * The key that sets the local market up: it holds the mints' authority and pays for the setup's transactions,
 * its SOL from the network's airdrop.
 */
@Injectable()
export class MarketAuthority {
  private signer?: Promise<KeyPairSigner>;

  constructor(private readonly client: SolanaClient) {}

  get(): Promise<KeyPairSigner> {
    this.signer ??= marketSigner({ kind: 'authority' });
    return this.signer;
  }

  /**
   * The usual float for fees and rent, plus `deposits` lamports airdropped for the caller alone (the SOL it is
   * about to put in pools): engines sharing the network spend the same authority's SOL at the same time.
   */
  async topUp(deposits = 0n): Promise<void> {
    const authority = await this.get();
    const { value: balance } = await this.client.rpc.getBalance(authority.address, { commitment: 'confirmed' }).send();
    await Promise.all([
      balance < AUTHORITY_LOW_SOL * LAMPORTS_PER_SOL ? this.airdrop(authority.address, AUTHORITY_TOP_UP_SOL * LAMPORTS_PER_SOL) : undefined,
      // Made distinct: two identical airdrops sent in the same slot are one transaction, landed once.
      deposits > 0n ? this.airdrop(authority.address, deposits + BigInt(randomInt(1, 1_000_000))) : undefined,
    ]);
  }

  airdrop(recipientAddress: Address, amount: bigint): Promise<unknown> {
    const { rpc, subscriptions: rpcSubscriptions } = this.client;
    return airdropFactory({ rpc, rpcSubscriptions })({ recipientAddress, lamports: lamports(amount), commitment: 'confirmed' });
  }

  /**
   * Sends a setup transaction paid by the authority (and signed by any other signer its instructions name),
   * confirmed. One whose blockhash expired is built again with a fresh one only once the network says it never
   * landed: a mint or a deposit is not idempotent.
   */
  async send(instructions: readonly Instruction[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const transaction = await this.build(instructions);
      try {
        await sendAndConfirmTransactionFactory({ rpc: this.client.rpc, rpcSubscriptions: this.client.subscriptions })(transaction, { commitment: 'confirmed' });
        return;
      } catch (error) {
        if (!isSolanaError(error, SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED) || attempt >= SEND_ATTEMPTS) throw error;
        const signature = getSignatureFromTransaction(transaction);
        const fate = await this.fateOf(signature, transaction.lifetimeConstraint.lastValidBlockHeight);
        if (fate.kind === 'landed') return;
        if (fate.kind === 'failed') throw new Error(`setup transaction ${signature} failed on chain: ${JSON.stringify(fate.err)}`, { cause: error });
      }
    }
  }

  private async build(instructions: readonly Instruction[]) {
    const [payer, { value: blockhash }] = await Promise.all([this.get(), this.client.rpc.getLatestBlockhash({ commitment: 'confirmed' }).send()]);
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(transaction);
    return transaction;
  }

  /**
   * What an expired setup transaction came to, by the landing loop's own table (`attemptFate`): one the network
   * holds only as processed is waited for until it is confirmed, never sent again beside it.
   */
  private async fateOf(signature: Signature, lastValidBlockHeight: bigint): Promise<AttemptFate> {
    const { rpc } = this.client;
    // Sent and read on the same network: no restart between them to tell apart.
    const network = { genesisHash: 'this network' };
    const settledBy = Date.now() + SETTLE_WITHIN_MS;
    for (;;) {
      const [{ value }, blockHeight] = await Promise.all([
        rpc.getSignatureStatuses([signature], { searchTransactionHistory: true }).send(),
        rpc.getBlockHeight({ commitment: 'confirmed' }).send(),
      ]);
      const fate = attemptFate(value[0], { lastValidBlockHeight, ...network }, { blockHeight, ...network }, 'confirmed');
      if (fate.kind !== 'live') return fate;
      if (Date.now() > settledBy) throw new Error(`setup transaction ${signature} neither confirmed nor given up within ${SETTLE_WITHIN_MS} ms`);
      await setTimeout(STATUS_POLL_MS);
    }
  }
}
