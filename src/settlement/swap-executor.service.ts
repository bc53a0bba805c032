import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { randomSource, type RandomSource } from '../common/random.js';
import { simulatedDelay } from '../common/simulated-delay.js';
import type { TxStep } from '../contracts/order-lifecycle.js';
import { DexRouter } from '../routing/dex-router.service.js';
import { minAmountOut } from '../routing/price-math.js';
import type { RoutingDecision } from '../routing/routing-decision.js';
import type { DelayRange } from '../config/delay-range.js';
import { encodeBase58 } from './base58.js';
import { SlippageExceededError, TransactionDroppedError, TransactionSupersededError } from './settlement.errors.js';
import { SimulatedChain } from './simulated-chain.js';
import type { LedgerEntry, SettledSwap, SwapTransaction } from './swap-transaction.js';

/**
 * Builds, sends and confirms swaps. Sending is simulated: after the configured
 * settle delay the swap executes against the venue's state at that moment,
 * and its outcome is written once to the simulated chain.
 */
@Injectable()
export class SwapExecutor {
  private readonly settleDelay: DelayRange;
  private readonly failureRate: number;
  private readonly random: RandomSource;

  constructor(
    private readonly router: DexRouter,
    private readonly chain: SimulatedChain,
    config: AppConfig,
  ) {
    this.settleDelay = config.simulation.settleDelay;
    this.failureRate = config.simulation.failureRate;
    const seed = config.simulation.seed;
    this.random = randomSource(seed === undefined ? undefined : seed + 3);
  }

  build(decision: RoutingDecision, slippageBps: number): SwapTransaction {
    const { request, best } = decision;
    return {
      signature: encodeBase58(randomBytes(64)),
      venue: best.venue,
      input: request.input,
      output: request.output,
      amountIn: request.amountIn,
      expectedAmountOut: best.amountOut,
      minAmountOut: minAmountOut(best.amountOut, slippageBps),
      slippageBps,
      steps: swapSteps(request.input.native, request.output.native),
    };
  }

  /** Sends the swap and waits for it to land; throws when it fails or is dropped. */
  async submit(tx: SwapTransaction): Promise<SettledSwap> {
    await simulatedDelay(this.settleDelay, this.random);
    const entry = this.land(tx);
    if (!(await this.chain.decide(tx.signature, entry))) throw new TransactionSupersededError(tx.signature);
    return settledOrThrow(tx.signature, entry);
  }

  /**
   * Settles the fate of a transaction sent by an earlier run: the swap if it
   * landed, otherwise undefined, after making sure it never can land.
   */
  async reconcile(signature: string): Promise<SettledSwap | undefined> {
    const expired = await this.chain.decide(signature, { status: 'expired' });
    if (expired) return undefined;
    const entry = await this.chain.lookup(signature);
    return entry?.status === 'landed' ? toSettledSwap(signature, entry) : undefined;
  }

  private land(tx: SwapTransaction): LedgerEntry {
    if (this.failureRate > 0 && this.random() < this.failureRate) return { status: 'expired' };
    const fill = this.router.provider(tx.venue).execute({ input: tx.input, output: tx.output, amountIn: tx.amountIn });
    if (fill.amountOut < tx.minAmountOut) {
      return { status: 'slippage', amountOut: fill.amountOut.toString(), minAmountOut: tx.minAmountOut.toString() };
    }
    return {
      status: 'landed',
      venue: tx.venue,
      amountIn: fill.amountIn.toString(),
      amountOut: fill.amountOut.toString(),
      executedPrice: fill.price,
      landedAt: new Date().toISOString(),
    };
  }
}

function settledOrThrow(signature: string, entry: LedgerEntry): SettledSwap {
  switch (entry.status) {
    case 'landed':
      return toSettledSwap(signature, entry);
    case 'expired':
      throw new TransactionDroppedError(signature);
    case 'slippage':
      throw new SlippageExceededError(BigInt(entry.minAmountOut), BigInt(entry.amountOut));
  }
}

function toSettledSwap(signature: string, entry: Extract<LedgerEntry, { status: 'landed' }>): SettledSwap {
  return {
    signature,
    venue: entry.venue,
    amountIn: BigInt(entry.amountIn),
    amountOut: BigInt(entry.amountOut),
    executedPrice: entry.executedPrice,
    landedAt: entry.landedAt,
  };
}

export function swapSteps(nativeIn: boolean, nativeOut: boolean): TxStep[] {
  return [...(nativeIn ? (['wrapSol'] as const) : []), 'swap', ...(nativeOut ? (['unwrapSol'] as const) : [])];
}
