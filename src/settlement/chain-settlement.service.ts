import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { isSolanaError, SOLANA_ERROR__RPC__TRANSPORT_HTTP_ERROR, signature as toSignature, type Address, type KeyPairSigner } from '@solana/kit';
import { fetchAllMaybeToken } from '@solana-program/token';
import { associatedTokenAddress } from '../chain/associated-token.js';
import { SolanaClient } from '../chain/solana-client.js';
import { DomainError } from '../common/errors/domain.error.js';
import { AppConfig } from '../config/app-config.js';
import { EngineMetrics } from '../metrics/engine-metrics.service.js';
import type { ConfirmedOnChain, SubmittedOnChain } from '../contracts/order-lifecycle.js';
import { describeChainError, SimulationFailedError } from '../landing/landing.errors.js';
import { swapInstructions, orderMemo, type SwapPlan } from '../landing/swap-instructions.js';
import {
  TransactionLander,
  type LandedTransaction,
  type LandingOutcome,
  type PreparedTransaction,
  type TransactionLifetime,
} from '../landing/transaction-lander.service.js';
import { LocalMarket } from '../local-market/local-market.service.js';
import { NetworkMints } from '../local-market/network-mints.js';
import { PoolVaults } from '../local-market/pool-vaults.js';
import type { RoutingDecision } from '../routing/routing-decision.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import type { VenueReservation } from '../simulation/venue-reservation.js';
import { displayPrice } from '../tokens/display-price.js';
import type { Token } from '../tokens/token.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import { CustodialWallets } from '../wallets/custodial-wallets.service.js';
import { WalletCommitments } from '../wallets/wallet-commitments.service.js';
import {
  BlockhashExpiredError,
  InsufficientFundsError,
  NetworkResetError,
  RpcUnavailableError,
  SlippageExceededError,
  TransactionFailedError,
} from './settlement.errors.js';
import { SwapSettlement, type SwapFloor, type SwapOrder } from './swap-settlement.js';
import { routeTransaction, type SettledSwap, type SwapTransaction } from './swap-transaction.js';

/**
 * SOL a wallet keeps beyond what it swaps: rent for the two token accounts a swap may create (2,039,280 lamports
 * each, returned when a wrapped-SOL one is closed) and the fee, with room to spare.
 */
export const FEE_RESERVE_LAMPORTS = 5_100_000n;
/** Blocks a blockhash stays valid for: a signature nothing else is known of is settled once this many have passed. */
const BLOCKHASH_VALID_BLOCKS = 151n;

interface Signed {
  readonly prepared: PreparedTransaction;
  readonly reservationId: string;
  /** What transactions of the same instructions and accounts share (their simulated compute units). */
  readonly shape: string;
}

/**
 * Swaps settle on a Solana network as signed transactions (CHAIN=solana). Building one takes the venues' side
 * first (`SimulatedExchange.reserve`: the pools change at once, so no two orders are priced on the same
 * reserves), then signs one transaction with every leg (the trader's wallet and each pool's authority), its
 * compute budget from a simulation, and records its signature with the reservation before anything is sent.
 * Submitting lands it (`TransactionLander`); what it came to keeps the reservation (landed) or gives it back
 * (failed, expired, or its network reset), so the pools always equal their vaults once nothing is pending.
 */
@Injectable()
export class ChainSettlement extends SwapSettlement {
  private readonly logger = new Logger(ChainSettlement.name);
  private readonly signed = new WeakMap<SwapTransaction, Signed>();

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly lander: TransactionLander,
    private readonly wallets: CustodialWallets,
    private readonly commitments: WalletCommitments,
    private readonly vaults: PoolVaults,
    private readonly market: LocalMarket,
    private readonly mints: NetworkMints,
    private readonly client: SolanaClient,
    private readonly config: AppConfig,
    private readonly metrics: EngineMetrics,
  ) {
    super();
  }

  async build(decision: RoutingDecision, floor: SwapFloor, order: SwapOrder): Promise<SwapTransaction> {
    try {
      return await this.buildSigned(decision, floor, order);
    } catch (error) {
      if (error instanceof RpcUnavailableError) this.metrics.chainRpcFailures.inc();
      throw error;
    }
  }

  private async buildSigned(decision: RoutingDecision, floor: SwapFloor, order: SwapOrder): Promise<SwapTransaction> {
    const { request, route } = decision;
    // Built only on a network the market is set up on (a local one restarted empty is set up again first).
    await this.market.readyFor((await reachingTheNetwork(() => this.lander.lifetime())).genesisHash);
    const trader = await reachingTheNetwork(() => this.wallets.signerFor(order.owner));
    const id = `${order.orderId}:${randomUUID()}`;
    const legs = route.legs.map(({ pool, input, output, amountIn, chained }) => ({ pool, input, output, amountIn, chained }));
    try {
      const existing = await this.timed('funds', () => this.commitFunds(id, trader.address, request.input, request.output, route.amountIn));
      // Taken once the funds are committed: they may have waited for the wallet's orders in flight to settle.
      const lifetime = await reachingTheNetwork(() => this.lander.lifetime());
      await this.market.readyFor(lifetime.genesisHash);
      const expiry = { lastValidBlockHeight: lifetime.blockhash.lastValidBlockHeight, genesisHash: lifetime.genesisHash };
      const reserved = await this.timed('reserve', () => this.exchange.reserve(id, legs, floor.minAmountOut, expiry));
      if (reserved.kind === 'slippage') throw new SlippageExceededError(reserved.minAmountOut, reserved.amountOut);
      const shape = `${this.shapeOf(trader, decision)}:${existing.traderIn}:${existing.traderOut}`;
      const plan = { ...(await this.plan(trader, reserved.reservation, decision, order.orderId)), existing };
      const prepared = await this.timed('prepare', () => this.prepare(trader, plan, lifetime, shape));
      await this.timed('record', () => this.exchange.signed(id, prepared.signature));
      const tx = this.transaction(decision, floor, reserved.reservation, prepared, lifetime);
      this.signed.set(tx, { prepared, reservationId: id, shape });
      return tx;
    } catch (error) {
      await this.giveBack(id);
      throw error;
    }
  }

  /** The attempt never lands: the pools get their side back, the wallet what it committed. */
  private async giveBack(reservationId: string): Promise<void> {
    await Promise.all([this.exchange.release(reservationId), this.commitments.release(reservationId)]);
  }

  async submit(tx: SwapTransaction): Promise<SettledSwap> {
    const signed = this.signed.get(tx);
    if (!signed) throw new Error(`transaction ${tx.signature} was not built by this process: it is reconciled, not sent`);
    this.signed.delete(tx);
    const started = performance.now();
    const outcome = await this.lander.land(signed.prepared, { onSend: () => this.metrics.chainSends.inc() });
    this.metrics.chainTransactions.inc({ outcome: outcome.kind });
    // Failed as signed: its shape's compute units are simulated afresh for the next attempt.
    if (outcome.kind === 'failed') this.lander.forgetShape(signed.shape);
    this.metrics.chainConfirmSeconds.observe({ outcome: outcome.kind }, (performance.now() - started) / 1000);
    const swap = await this.settled(signed.reservationId, signed.prepared.signature, outcome, signed.prepared.maxFeeLamports);
    if (swap.network) this.metrics.chainFeesLamports.inc(Number(swap.network.feeLamports));
    return swap;
  }

  async abandon(tx: SwapTransaction): Promise<void> {
    const signed = this.signed.get(tx);
    this.signed.delete(tx);
    if (signed) await this.giveBack(signed.reservationId);
  }

  /**
   * What a signature sent by an earlier run came to, from the chain: its reservation kept if the network has it,
   * given back once its blockhash expired without it. A signature with no reservation on record (the venues'
   * state was lost) is given the longest life a blockhash has before it is taken as never landed.
   */
  async reconcile(signature: string): Promise<SettledSwap | undefined> {
    const reservation = await this.exchange.reservationOf(signature);
    if (reservation?.status === 'released') {
      await this.commitments.release(reservation.id);
      return undefined;
    }
    const attempt = { signature: toSignature(signature), ...(reservation?.expiry ?? (await this.longestLife())) };
    const outcome = await this.lander.settle(attempt);
    if (!reservation) return outcome.kind === 'landed' ? this.unreservedSwap(signature, outcome) : undefined;
    try {
      return await this.settled(reservation.id, signature, outcome, 0n);
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  /** Keeps or gives back the reservation as the outcome says; the settled swap, or the error that says why not. */
  private async settled(reservationId: string, signature: string, outcome: LandingOutcome, maxFeeLamports: bigint): Promise<SettledSwap> {
    if (outcome.kind !== 'landed') {
      await this.giveBack(reservationId);
      if (outcome.kind === 'failed') throw new TransactionFailedError('TX_FAILED', describeChainError(outcome.err), outcome.logs);
      if (outcome.kind === 'expired') throw new BlockhashExpiredError(signature, outcome.sends);
      throw new NetworkResetError(signature);
    }
    // Landed at the commitment balances are read at: the wallet's balance shows what it spent from now on.
    const [reservation] = await Promise.all([this.exchange.landed(reservationId), this.commitments.release(reservationId)]);
    if (!reservation || reservation.status !== 'landed') {
      this.logger.error(
        `transaction ${signature} landed, but its reservation ${reservationId} is ${reservation?.status ?? 'gone'}: the pools and their vaults may differ`,
      );
    }
    return this.swapOf(signature, reservation, outcome.transaction, outcome.sends, maxFeeLamports);
  }

  private async timed<T>(step: 'funds' | 'reserve' | 'prepare' | 'record', work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.metrics.chainBuildStepSeconds.observe({ step }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Commits what the order spends of its wallet (under the reservation's id), beside its other orders in flight,
   * or throws `InsufficientFundsError`; says which of its token accounts for the swap exist already.
   */
  private async commitFunds(id: string, trader: Address, input: Token, output: Token, amountIn: bigint): Promise<{ traderIn: boolean; traderOut: boolean }> {
    const accounts = await Promise.all([this.associated(trader, input), this.associated(trader, output)]);
    let existing = { traderIn: false, traderOut: false };
    const holdings = async () => {
      const [lamports, [tokenIn, tokenOut]] = await reachingTheNetwork(() =>
        Promise.all([
          this.client.rpc.getBalance(trader, { commitment: this.config.chain.commitment }).send(),
          fetchAllMaybeToken(this.client.rpc, accounts, { commitment: this.config.chain.commitment }),
        ]),
      );
      existing = { traderIn: tokenIn.exists, traderOut: tokenOut.exists };
      return { lamports: lamports.value, tokens: tokenIn.exists ? tokenIn.data.amount : 0n };
    };
    const needed = input.native
      ? { lamports: FEE_RESERVE_LAMPORTS + amountIn, tokens: 0n }
      : { lamports: FEE_RESERVE_LAMPORTS, mint: input.mint, tokens: amountIn };
    const outcome = await this.commitments.commit(trader, id, needed, holdings);
    if (outcome.kind === 'short') {
      throw new InsufficientFundsError(outcome.symbol === 'SOL' ? 'SOL' : input.symbol, outcome.needed, outcome.holds);
    }
    return existing;
  }

  private async plan(trader: KeyPairSigner, reservation: VenueReservation, { request, route }: RoutingDecision, orderId: string): Promise<SwapPlan> {
    const { input, output } = request;
    // The trader's account of each token the route touches, derived once each.
    const tokens = [...new Map([input, output, ...route.legs.flatMap((leg) => [leg.input, leg.output])].map((token) => [token.mint, token])).values()];
    const accountOf = new Map(await Promise.all(tokens.map(async (token) => [token.mint, await this.associated(trader.address, token)] as const)));
    const legs = await Promise.all(
      route.legs.map(async (leg, i) => {
        const pool = this.exchange.poolById(leg.pool)!;
        const accounts = await this.vaults.of(pool);
        return {
          input: this.swapToken(leg.input),
          output: this.swapToken(leg.output),
          traderFrom: accountOf.get(leg.input.mint)!,
          traderTo: accountOf.get(leg.output.mint)!,
          vaultIn: PoolVaults.vaultFor(pool, accounts, leg.input),
          vaultOut: PoolVaults.vaultFor(pool, accounts, leg.output),
          poolAuthority: accounts.authority,
          amountIn: BigInt(reservation.fills[i].amountIn),
          amountOut: BigInt(reservation.fills[i].amountOut),
        };
      }),
    );
    const [traderIn, traderOut] = [accountOf.get(input.mint)!, accountOf.get(output.mint)!];
    const intermediates = tokens
      .filter((token) => token.mint !== input.mint && token.mint !== output.mint)
      .map((token) => ({ mint: this.mints.of(token), account: accountOf.get(token.mint)! }));
    return { trader, input: this.swapToken(input), output: this.swapToken(output), traderIn, traderOut, legs, intermediates, memo: orderMemo(orderId) };
  }

  /** The wallet, the pair and the pools of each leg: transactions alike but for their amounts. */
  private shapeOf(trader: KeyPairSigner, { request, route }: RoutingDecision): string {
    const pools = route.legs.map((leg) => `${leg.chained ? '>' : ''}${leg.pool}`);
    return `${trader.address}:${request.input.mint}>${request.output.mint}:${pools.join('+')}`;
  }

  private async prepare(trader: KeyPairSigner, plan: SwapPlan, lifetime: TransactionLifetime, shape: string): Promise<PreparedTransaction> {
    try {
      return await reachingTheNetwork(() => this.lander.prepare(trader, swapInstructions(plan), lifetime, shape));
    } catch (error) {
      if (error instanceof SimulationFailedError) throw new TransactionFailedError('TX_SIMULATION_FAILED', describeChainError(error.err), error.logs);
      throw error;
    }
  }

  private transaction(
    decision: RoutingDecision,
    floor: SwapFloor,
    reservation: VenueReservation,
    prepared: PreparedTransaction,
    lifetime: TransactionLifetime,
  ): SwapTransaction {
    // The route's swap with what the venues reserved: the amounts the transaction moves.
    const routed = routeTransaction(decision, floor, prepared.signature, submittedOnChain(prepared, lifetime));
    return {
      ...routed,
      legs: routed.legs.map((leg, i) => ({
        ...leg,
        amountIn: BigInt(reservation.fills[i].amountIn),
        expectedAmountOut: BigInt(reservation.fills[i].amountOut),
      })),
      amountIn: reservation.amountIn,
      expectedAmountOut: reservation.amountOut,
    };
  }

  /** The swap as it settled: the reservation's fills, the amounts the pools' vaults moved on chain, and what the network recorded. */
  private swapOf(
    signature: string,
    reservation: VenueReservation | undefined,
    transaction: LandedTransaction | null,
    sends: number,
    maxFeeLamports: bigint,
  ): SettledSwap {
    const fills = reservation?.fills ?? [];
    const moved = transaction ? this.vaultMoves(reservation, transaction) : undefined;
    const amountIn = moved?.amountIn ?? reservation?.amountIn ?? 0n;
    const amountOut = moved?.amountOut ?? reservation?.amountOut ?? 0n;
    if (moved && reservation && (moved.amountIn !== reservation.amountIn || moved.amountOut !== reservation.amountOut)) {
      this.logger.error(
        `transaction ${signature} moved ${moved.amountIn} in / ${moved.amountOut} out, its reservation says ${reservation.amountIn} / ${reservation.amountOut}`,
      );
    }
    const [input, output] = moved?.tokens ?? [undefined, undefined];
    return {
      signature,
      venue: [...new Set(fills.map((fill) => fill.venue))].join('+'),
      fills,
      amountIn,
      amountOut,
      executedPrice: input && output ? displayPrice(amountIn, amountOut, input.decimals, output.decimals) : (reservation?.executedPrice ?? 0),
      landedAt: blockTimeOf(transaction) ?? new Date().toISOString(),
      network: confirmedOnChain(transaction, sends, maxFeeLamports, this.config.chain.commitment),
    };
  }

  /** What the pools' vaults took in and paid out in the transaction: the swap's exact amounts, from the network's token balances. */
  private vaultMoves(
    reservation: VenueReservation | undefined,
    transaction: LandedTransaction,
  ): { amountIn: bigint; amountOut: bigint; tokens?: [{ decimals: number }, { decimals: number }] } | undefined {
    if (!reservation) return undefined;
    const pools = [...reservation.deltas.keys()].map((id) => this.exchange.poolById(id)).filter((d) => d !== undefined);
    if (pools.length === 0) return undefined;
    const authorities = new Set(pools.map((pool) => this.vaults.authorityAddress(pool)));
    const [input, output] = this.swappedTokens(reservation, pools);
    let [amountIn, amountOut] = [0n, 0n];
    for (const balance of transaction.tokenBalances) {
      if (!balance.owner || !authorities.has(balance.owner)) continue;
      if (balance.mint === this.mints.of(input)) amountIn += balance.after - balance.before;
      if (balance.mint === this.mints.of(output)) amountOut += balance.before - balance.after;
    }
    return { amountIn, amountOut, tokens: [input, output] };
  }

  /** The order's input and output tokens: the first leg's input and the last leg's output. */
  private swappedTokens(reservation: VenueReservation, pools: readonly PoolDefinition[]): [Token, Token] {
    const [first, last] = [reservation.fills[0], reservation.fills[reservation.fills.length - 1]];
    const tokens = pools.flatMap((pool) => [pool.x, pool.y]);
    const input = tokens.find((token) => token.mint === first?.inputMint);
    const output = tokens.find((token) => token.mint === last?.outputMint);
    if (input && output) return [input, output];
    // A reservation made before fills named their tokens: one pool, its direction from what the swap added to it.
    const pool = pools[0];
    const delta = reservation.deltas.get(pool.id)!;
    const xIn = delta.kind === 'cpmm' ? delta.x > 0n : delta.bins.reduce((sum, bin) => sum + bin.x, 0n) > 0n;
    return xIn ? [pool.x, pool.y] : [pool.y, pool.x];
  }

  private unreservedSwap(signature: string, outcome: Extract<LandingOutcome, { kind: 'landed' }>): SettledSwap {
    this.logger.warn(`transaction ${signature} landed, but the venues hold no reservation for it (their state was lost): settled from the chain alone`);
    return this.swapOf(signature, undefined, outcome.transaction, 0, 0n);
  }

  private async longestLife(): Promise<{ lastValidBlockHeight: bigint; genesisHash: string }> {
    const { rpc } = this.client;
    const [height, genesisHash] = await reachingTheNetwork(() =>
      Promise.all([rpc.getBlockHeight({ commitment: this.config.chain.commitment }).send(), rpc.getGenesisHash().send()]),
    );
    return { lastValidBlockHeight: height + BLOCKHASH_VALID_BLOCKS, genesisHash };
  }

  private swapToken(token: Token): { mint: Address; decimals: number; native: boolean } {
    return { mint: this.mints.of(token), decimals: token.decimals, native: token.native };
  }

  private associated(owner: Address, token: Token): Promise<Address> {
    return associatedTokenAddress(owner, this.mints.of(token));
  }
}

/** When the transaction's block was produced, as an ISO time; null when the network did not say. */
const blockTimeOf = (transaction: LandedTransaction | null): string | null =>
  transaction?.blockTime ? new Date(Number(transaction.blockTime) * 1000).toISOString() : null;

function submittedOnChain(prepared: PreparedTransaction, lifetime: TransactionLifetime): SubmittedOnChain {
  return {
    genesisHash: prepared.genesisHash,
    slot: `${lifetime.slot}`,
    lastValidBlockHeight: `${prepared.lastValidBlockHeight}`,
    computeUnitLimit: prepared.computeUnitLimit,
    priorityFeeMicroLamports: `${prepared.priorityFee}`,
    maxFeeLamports: `${prepared.maxFeeLamports}`,
  };
}

/**
 * What the network recorded. The fee is the larger of what it reports and what the transaction's budget costs
 * (Surfpool's `meta.fee` leaves the priority fee out; a real cluster's includes it and equals the budget's).
 */
function confirmedOnChain(
  transaction: LandedTransaction | null,
  sends: number,
  maxFeeLamports: bigint,
  commitment: 'confirmed' | 'finalized',
): ConfirmedOnChain {
  const fee = transaction ? (transaction.feeLamports > maxFeeLamports ? transaction.feeLamports : maxFeeLamports) : maxFeeLamports;
  return {
    slot: transaction ? `${transaction.slot}` : null,
    blockTime: blockTimeOf(transaction),
    feeLamports: `${fee}`,
    computeUnitsConsumed: transaction?.computeUnitsConsumed != null ? `${transaction.computeUnitsConsumed}` : null,
    commitment,
    sends,
  };
}

/** Runs calls to the network; one that could not reach it becomes `RpcUnavailableError` (the order waits and tries again). */
async function reachingTheNetwork<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError || error instanceof SimulationFailedError) throw error;
    // By name, not class: fetch's errors may come from another realm (a test runner's sandbox). An endpoint
    // that answered with a JSON-RPC error did answer: that error stands as it is.
    const { name, message } = (error ?? {}) as { name?: string; message?: string };
    const transport = isSolanaError(error, SOLANA_ERROR__RPC__TRANSPORT_HTTP_ERROR);
    if (transport || name === 'TypeError' || name === 'AbortError' || name === 'TimeoutError' || /ECONNREFUSED|ECONNRESET|fetch failed/.test(`${message}`)) {
      throw new RpcUnavailableError(message ?? String(error));
    }
    throw error;
  }
}
