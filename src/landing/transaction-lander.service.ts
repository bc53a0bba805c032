import { setTimeout } from 'node:timers/promises';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  appendTransactionMessageInstructions,
  assertIsTransactionWithinSizeLimit,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  isSolanaError,
  SOLANA_ERROR__TRANSACTION__FAILED_WHEN_SIMULATING_TO_ESTIMATE_COMPUTE_LIMIT,
  isWritableRole,
  pipe,
  setTransactionMessageComputeUnitLimit,
  setTransactionMessageComputeUnitPrice,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Base64EncodedWireTransaction,
  type Blockhash,
  type Instruction,
  type Signature,
  type TransactionSigner,
} from '@solana/kit';
import { estimateComputeUnitLimitFactory } from '@solana-program/compute-budget';
import { SolanaClient } from '../chain/solana-client.js';
import { AppConfig } from '../config/app-config.js';
import { SimulationFailedError } from './landing.errors.js';
import { computeUnitLimit, maxFeeLamports, priorityFee, type SentAttempt } from './landing-decisions.js';
import { SignatureWatcher, type FinalFate } from './signature-watcher.js';

/** How long one send or read may take before it is given up (the next rebroadcast or round tries again). */
const SEND_TIMEOUT_MS = 5_000;
/** How long what the network recorded of a landed transaction is asked for. */
const RECORD_READ_MS = 10_000;
/**
 * How long a blockhash read is built on by every transaction prepared meanwhile (it stays valid for 150 blocks; the
 * transactions differ by their memo), and a priority fee estimate reused for the same accounts: under load, one
 * read each per interval instead of one per order.
 */
const BLOCKHASH_REUSE_MS = 400;
const PRIORITY_FEE_REUSE_MS = 1_000;
/**
 * How long the simulated compute units of a transaction of one shape (the caller's key: same instructions and
 * accounts, other amounts) are reused: a simulation costs the network as much as the transaction itself.
 */
const UNITS_REUSE_MS = 30_000;
/** Block times remembered (by slot: many swaps land in the same block). */
const BLOCK_TIMES_KEPT = 256;

/** A value read at most once per `ttlMs`, shared by every caller meanwhile (a failed read is not kept). */
class Recent<T> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    const value = read();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 1_000) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

/** A signed transaction, ready to send: what must be recorded before it is (its signature and expiry) and its budget. */
export interface PreparedTransaction extends SentAttempt {
  readonly signature: Signature;
  readonly wire: Base64EncodedWireTransaction;
  readonly computeUnitLimit: number;
  /** Micro-lamports per compute unit. */
  readonly priorityFee: bigint;
  /** The most it can cost: signatures and its compute-unit limit at its price, in lamports. */
  readonly maxFeeLamports: bigint;
}

/** The blockhash a transaction is built on (it bounds when the transaction can land) and the network it is for. */
export interface TransactionLifetime {
  readonly blockhash: { readonly blockhash: Blockhash; readonly lastValidBlockHeight: bigint };
  readonly genesisHash: string;
  /** The slot the blockhash was read at. */
  readonly slot: bigint;
}

/** What the network recorded of a transaction that landed (`getTransaction`). */
export interface LandedTransaction {
  readonly signature: Signature;
  readonly slot: bigint;
  /** Unix seconds. */
  readonly blockTime: bigint | null;
  readonly feeLamports: bigint;
  readonly computeUnitsConsumed: bigint | null;
  readonly logs: readonly string[];
  /** Token balances before and after, per account index (the amounts each side moved). */
  readonly tokenBalances: readonly { readonly owner: string | null; readonly mint: string; readonly before: bigint; readonly after: bigint }[];
  readonly lamports: readonly { readonly account: string; readonly before: bigint; readonly after: bigint }[];
}

export type LandingOutcome =
  /** `transaction`: what the network recorded, or null when it could not be read in time (it landed all the same). */
  | { readonly kind: 'landed'; readonly transaction: LandedTransaction | null; readonly sends: number }
  | { readonly kind: 'failed'; readonly err: unknown; readonly logs: readonly string[]; readonly sends: number }
  | { readonly kind: 'expired' | 'network-reset'; readonly sends: number };

export interface LandingHooks {
  /** After each send (the first, then every rebroadcast), with how many so far. */
  readonly onSend?: (sends: number) => void;
}

/**
 * Lands transactions the way production engines do: a v0 transaction whose compute-unit limit comes from a
 * simulation (plus a margin) and whose priority fee is a capped percentile of the fees recently paid to write
 * the same accounts; sent with `skipPreflight` and `maxRetries: 0` and sent again every `rebroadcastMs` (unless
 * the last send is unanswered or the network already holds it) until
 * it lands or its blockhash expires; settled through signature notifications, with batched status polling as
 * the fallback. The caller records the prepared transaction (signature, last valid block height, network)
 * before `land` sends it, so a crash in between is settled from the chain.
 */
@Injectable()
export class TransactionLander implements OnModuleDestroy {
  private readonly watcher: SignatureWatcher;
  private readonly lifetimes = new Recent<TransactionLifetime>(BLOCKHASH_REUSE_MS);
  private readonly fees = new Recent<bigint>(PRIORITY_FEE_REUSE_MS);
  private readonly units = new Recent<number>(UNITS_REUSE_MS);
  private readonly blockTimes = new Map<bigint, bigint>();

  constructor(
    private readonly client: SolanaClient,
    private readonly config: AppConfig,
  ) {
    this.watcher = new SignatureWatcher(client.rpc, client.subscriptions, config.chain.commitment, config.landing.pollMs);
  }

  onModuleDestroy(): void {
    this.watcher.stop();
  }

  /** The shape's simulated units are not to be trusted any more (a transaction of it failed): the next one simulates. */
  forgetShape(shape: string): void {
    this.units.forget(shape);
  }

  /** A recent blockhash to build on (read at most every BLOCKHASH_REUSE_MS), and the network's genesis hash. */
  lifetime(): Promise<TransactionLifetime> {
    return this.lifetimes.get('latest', () => this.readLifetime());
  }

  private async readLifetime(): Promise<TransactionLifetime> {
    const { rpc } = this.client;
    const [{ value: blockhash, context }, genesisHash] = await Promise.all([
      rpc.getLatestBlockhash({ commitment: this.config.chain.commitment }).send(),
      rpc.getGenesisHash().send(),
    ]);
    return { blockhash, genesisHash, slot: context.slot };
  }

  /**
   * Builds, budgets and signs the transaction on `lifetime` (a fresh one when not given); throws
   * `SimulationFailedError` when it would fail as it is.
   */
  async prepare(
    feePayer: TransactionSigner,
    instructions: readonly Instruction[],
    lifetime?: TransactionLifetime,
    /** Transactions with the same shape (same instructions and accounts, other amounts) share one simulation for a while. */
    shape?: string,
  ): Promise<PreparedTransaction> {
    const [{ blockhash, genesisHash }, fee] = await Promise.all([lifetime ?? this.lifetime(), this.priorityFeeFor(instructions)]);
    const priced = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(feePayer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
      (m) => setTransactionMessageComputeUnitPrice(fee, m),
    );
    const simulated = shape ? await this.units.get(shape, () => this.simulatedUnits(priced)) : await this.simulatedUnits(priced);
    const units = computeUnitLimit(simulated, this.config.landing.computeUnitMargin);
    const transaction = await signTransactionMessageWithSigners(setTransactionMessageComputeUnitLimit(units, priced));
    assertIsTransactionWithinSizeLimit(transaction);
    return {
      signature: getSignatureFromTransaction(transaction),
      wire: getBase64EncodedWireTransaction(transaction),
      lastValidBlockHeight: blockhash.lastValidBlockHeight,
      genesisHash,
      computeUnitLimit: units,
      priorityFee: fee,
      maxFeeLamports: maxFeeLamports(Object.keys(transaction.signatures).length, units, fee),
    };
  }

  /** Sends the prepared transaction until it is settled: landed (with what the network recorded), failed, or expired. */
  async land(prepared: PreparedTransaction, hooks: LandingHooks = {}): Promise<LandingOutcome> {
    const { settled } = await this.watcher.watch(prepared.signature, prepared);
    let sends = 0;
    let done = false;
    let unanswered = false;
    const send = () => {
      // Sending again what the RPC has not answered yet, or what the network already holds, only costs it: a
      // local network executes every copy in full before it refuses it as already processed.
      if (done || unanswered || this.watcher.isKnown(prepared.signature)) return;
      sends++;
      unanswered = true;
      hooks.onSend?.(sends);
      // A lost send is what rebroadcasting is for; a refused one (the RPC is down) too.
      this.client.rpc
        .sendTransaction(prepared.wire, { encoding: 'base64', skipPreflight: true, maxRetries: 0n })
        .send({ abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
        .catch(() => undefined)
        .finally(() => (unanswered = false));
    };
    send();
    const rebroadcast = setInterval(send, this.config.landing.rebroadcastMs);
    try {
      const fate = await settled;
      // Settled: not one send more (the outcome's reads below take a moment).
      done = true;
      clearInterval(rebroadcast);
      return await this.outcome(prepared.signature, fate, sends);
    } finally {
      done = true;
      clearInterval(rebroadcast);
    }
  }

  /** What became of an attempt sent earlier (crash recovery): settled from the chain, without sending it again. */
  async settle(attempt: SentAttempt & { readonly signature: Signature }): Promise<LandingOutcome> {
    const { settled } = await this.watcher.watch(attempt.signature, attempt);
    return this.outcome(attempt.signature, await settled, 0);
  }

  /** Never throws once the fate is known: what the network recorded is added when it can be read. */
  private async outcome(signature: Signature, fate: FinalFate, sends: number): Promise<LandingOutcome> {
    switch (fate.kind) {
      case 'landed':
        return { kind: 'landed', transaction: await this.landedTransaction(signature), sends };
      case 'failed':
        return { kind: 'failed', err: fate.err, logs: (await this.landedTransaction(signature))?.logs ?? [], sends };
      default:
        return { kind: fate.kind, sends };
    }
  }

  /**
   * What the network recorded. A notification can run ahead of `getTransaction`, and the RPC can fail: it asks
   * again for up to RECORD_READ_MS, then gives null (the fate stands; the record can be read later from the chain).
   */
  private async landedTransaction(signature: Signature): Promise<LandedTransaction | null> {
    const until = Date.now() + RECORD_READ_MS;
    const interval = Math.max(50, this.config.landing.pollMs / 2);
    while (Date.now() < until) {
      const found = await this.client.rpc
        .getTransaction(signature, { commitment: this.config.chain.commitment, maxSupportedTransactionVersion: 0, encoding: 'json' })
        .send({ abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
        .catch(() => null);
      if (found?.meta) return { ...toLandedTransaction(signature, found), blockTime: await this.blockTime(found.slot, found.blockTime) };
      await setTimeout(interval);
    }
    return null;
  }

  /**
   * The block's time from `getBlockTime`: the time a validator's clock gave the slot. (`getTransaction`'s own
   * blockTime is the Unix time divided by 1,000 on Surfpool 1.5.0.) Falls back to the transaction's when unread.
   */
  private async blockTime(slot: bigint, fromTransaction: bigint | null): Promise<bigint | null> {
    const known = this.blockTimes.get(slot);
    if (known !== undefined) return known;
    const read = await this.client.rpc
      .getBlockTime(slot)
      .send({ abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
      .catch(() => null);
    if (read === null) return fromTransaction;
    this.blockTimes.set(slot, read);
    if (this.blockTimes.size > BLOCK_TIMES_KEPT) this.blockTimes.delete(this.blockTimes.keys().next().value!);
    return read;
  }

  private async simulatedUnits(message: Parameters<ReturnType<typeof estimateComputeUnitLimitFactory>>[0]): Promise<number> {
    try {
      return await estimateComputeUnitLimitFactory({ rpc: this.client.rpc })(message);
    } catch (error) {
      if (isSolanaError(error, SOLANA_ERROR__TRANSACTION__FAILED_WHEN_SIMULATING_TO_ESTIMATE_COMPUTE_LIMIT)) {
        const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
        throw new SimulationFailedError(cause, error.context.logs ?? []);
      }
      throw error;
    }
  }

  /** The priority fee for a transaction that writes these accounts (estimated at most every PRIORITY_FEE_REUSE_MS for the same ones). */
  private priorityFeeFor(instructions: readonly Instruction[]): Promise<bigint> {
    const writable = new Set<Address>();
    for (const instruction of instructions) for (const account of instruction.accounts ?? []) if (isWritableRole(account.role)) writable.add(account.address);
    const accounts = [...writable].sort().slice(0, 128);
    return this.fees.get(accounts.join(','), () => this.readPriorityFee(accounts));
  }

  private async readPriorityFee(accounts: Address[]): Promise<bigint> {
    const recent = await this.client.rpc.getRecentPrioritizationFees(accounts).send();
    return priorityFee(
      recent.map((entry) => entry.prioritizationFee),
      this.config.landing.priorityFee,
    );
  }
}

type FoundTransaction = NonNullable<Awaited<ReturnType<ReturnType<SolanaClient['rpc']['getTransaction']>['send']>>>;

function toLandedTransaction(signature: Signature, found: FoundTransaction): LandedTransaction {
  const meta = found.meta!;
  const keys = found.transaction.message.accountKeys;
  const after = new Map((meta.postTokenBalances ?? []).map((balance) => [balance.accountIndex, balance]));
  const before = new Map((meta.preTokenBalances ?? []).map((balance) => [balance.accountIndex, balance]));
  const indexes = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  return {
    signature,
    slot: found.slot,
    blockTime: found.blockTime,
    feeLamports: meta.fee,
    computeUnitsConsumed: meta.computeUnitsConsumed ?? null,
    logs: meta.logMessages ?? [],
    tokenBalances: indexes.map((index) => {
      const balance = (after.get(index) ?? before.get(index))!;
      return {
        owner: balance.owner ?? null,
        mint: balance.mint,
        before: BigInt(before.get(index)?.uiTokenAmount.amount ?? '0'),
        after: BigInt(after.get(index)?.uiTokenAmount.amount ?? '0'),
      };
    }),
    lamports: keys.map((account, i) => ({ account, before: meta.preBalances[i], after: meta.postBalances[i] })),
  };
}
