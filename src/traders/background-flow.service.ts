import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomSource, type RandomSource } from '../common/random.js';
import { AppConfig } from '../config/app-config.js';
import { NetworkMints } from '../local-market/network-mints.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { claimPeriod } from '../redis/redis-lock.js';
import type { RedisClient } from '../redis/redis-options.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import { MarketTrades } from './market-trades.service.js';
import { runEvery } from './periodic-work.js';

export const FLOW_OWNER = '@flow' as const;
/** The smallest swap of the flow, in USD; the largest is a share of the pool's depth. */
const MIN_SWAP_USD = 20;
const MAX_SWAP_SHARE_OF_TVL = 0.003;
const FLOW_SLIPPAGE_BPS = 300;

/** One swap of the background flow: where, which way, how much. */
export interface FlowSwap {
  readonly pool: PoolDefinition;
  /** True: sells the pool's X for Y; false: Y for X. */
  readonly sellsX: boolean;
  readonly usd: number;
}

/** A random swap: a pool drawn uniformly, either way, its size log-uniform from MIN_SWAP_USD to a share of the pool's depth. */
export function drawFlowSwap(pools: readonly PoolDefinition[], random: RandomSource): FlowSwap {
  const pool = pools[Math.floor(random() * pools.length)];
  const sellsX = random() < 0.5;
  const largest = Math.max(MIN_SWAP_USD, pool.spec.tvlUsd * MAX_SWAP_SHARE_OF_TVL);
  return { pool, sellsX, usd: MIN_SWAP_USD * (largest / MIN_SWAP_USD) ** random() };
}

/**
 * Other traders on a Solana network (SIM_FLOW_SWAPS_PER_MINUTE): random swaps of realistic sizes on every pool,
 * as real transactions from a wallet of their own, so pools move for real, arbitrage has gaps to close, and the
 * engine's transactions compete with others for the network and its priority fees. One swap per period across
 * every worker process; drawn from SIM_SEED when it is set.
 */
@Injectable()
export class BackgroundFlow implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BackgroundFlow.name);
  private readonly redis: RedisClient;
  private readonly random: RandomSource;
  private stop?: () => void;

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly trades: MarketTrades,
    private readonly connections: RedisConnections,
    private readonly config: AppConfig,
    private readonly mints: NetworkMints,
  ) {
    this.redis = connections.create('background-flow');
    this.random = randomSource(config.simulation.seed);
  }

  onApplicationBootstrap(): void {
    const perMinute = this.config.simulation.flowSwapsPerMinute;
    // The venues' pools are the engine's own only on a local network: elsewhere there is no flow to make.
    if (perMinute <= 0 || !this.mints.onLocalNetwork) return;
    const periodMs = Math.round(60_000 / perMinute);
    // One swap per period across every worker process.
    const swapIfClaimed = async () => (await claimPeriod(this.redis, this.connections.key('background-flow'), periodMs)) && this.swap();
    this.stop = runEvery(periodMs, swapIfClaimed, this.logger, 'background swap');
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One random swap, landed: its signature. */
  async swap(draw: FlowSwap = drawFlowSwap(this.exchange.definitions(), this.random)): Promise<string> {
    const { pool, sellsX, usd } = draw;
    const [input, output] = sellsX ? [pool.x, pool.y] : [pool.y, pool.x];
    const units = usd / this.exchange.fairUsd(input, this.exchange.now());
    const amountIn = BigInt(Math.max(1, Math.round(units * 10 ** input.decimals)));
    const swap = await this.trades.trade({ owner: FLOW_OWNER, pool, input, output, amountIn, slippageBps: FLOW_SLIPPAGE_BPS });
    this.logger.debug(`flow on ${pool.id}: ${swap.amountIn} ${input.symbol} → ${swap.amountOut} ${output.symbol} (${swap.signature})`);
    return swap.signature;
  }
}
