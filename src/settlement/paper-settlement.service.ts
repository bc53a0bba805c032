import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { pooledRandomBytes, randomSource, type RandomSource } from '../common/random.js';
import type { RoutingDecision } from '../routing/routing-decision.js';
import type { LedgerEntry } from '../simulation/ledger-entry.js';
import { SimulatedChain } from '../simulation/simulated-chain.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import { encodeBase58 } from '../common/base58.js';
import { SettlementLatency } from './settlement-latency.js';
import { SlippageExceededError, TransactionDroppedError } from './settlement.errors.js';
import { routeTransaction, type SettledSwap, type SwapTransaction } from './swap-transaction.js';
import { SwapSettlement, type SwapFloor } from './swap-settlement.js';

/**
 * Paper trading (CHAIN=paper): swaps settle on the simulated chain in Redis. After the settlement latency
 * (SIM_SETTLE_DELAY_MS) the transaction executes against the pools as they are at that moment, and lands (or
 * fails) exactly once; its signature is random.
 */
@Injectable()
export class PaperSettlement extends SwapSettlement {
  private readonly failureRate: number;
  private readonly random: RandomSource;

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly chain: SimulatedChain,
    private readonly latency: SettlementLatency,
    config: AppConfig,
  ) {
    super();
    this.failureRate = config.simulation.failureRate;
    const seed = config.simulation.seed;
    this.random = randomSource(seed === undefined ? undefined : seed + 3);
  }

  build(decision: RoutingDecision, floor: SwapFloor): Promise<SwapTransaction> {
    return Promise.resolve(routeTransaction(decision, floor, encodeBase58(pooledRandomBytes(64)), null));
  }

  abandon(): Promise<void> {
    return Promise.resolve();
  }

  async submit(tx: SwapTransaction): Promise<SettledSwap> {
    await this.latency.wait(tx.signature);
    const entry = this.failureRate > 0 && this.random() < this.failureRate ? await this.drop(tx.signature) : await this.land(tx);
    return settledOrThrow(tx.signature, entry);
  }

  /** The swap if it landed, otherwise undefined, after making sure it never can land. */
  async reconcile(signature: string): Promise<SettledSwap | undefined> {
    const expired = await this.chain.decide(signature, { status: 'expired' });
    if (expired) return undefined;
    const entry = await this.chain.lookup(signature);
    return entry?.status === 'landed' ? toSettledSwap(signature, entry) : undefined;
  }

  private land(tx: SwapTransaction): Promise<LedgerEntry> {
    return this.exchange.land(tx.signature, tx.legs, tx.minAmountOut);
  }

  private async drop(signature: string): Promise<LedgerEntry> {
    const expired: LedgerEntry = { status: 'expired' };
    return (await this.chain.decide(signature, expired)) ? expired : ((await this.chain.lookup(signature)) ?? expired);
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
    venue: entry.legs.map((leg) => leg.venue).join('+'),
    fills: entry.legs,
    amountIn: BigInt(entry.amountIn),
    amountOut: BigInt(entry.amountOut),
    executedPrice: entry.executedPrice,
    landedAt: entry.landedAt,
    network: null,
  };
}
