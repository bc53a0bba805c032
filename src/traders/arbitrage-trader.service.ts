import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { NetworkMints } from '../local-market/network-mints.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { withRedisLock } from '../redis/redis-lock.js';
import type { RedisClient } from '../redis/redis-options.js';
import { arbitrageTrade, type ArbitrageTrade } from '../simulation/market/arbitrage.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import { MarketTrades } from './market-trades.service.js';
import { runEvery } from './periodic-work.js';

/** The arbitrageur's wallet: a name no API key can have ('@' is not allowed in one). */
export const ARBITRAGE_OWNER = '@arbitrage' as const;
/** The least an arbitrage trade must give, below its quote: it trades pools that other orders may move first. */
const ARBITRAGE_SLIPPAGE_BPS = 100;
/** How long one process may hold the round before another may run one (a round lands its trades one by one). */
const ROUND_LEASE_MS = 120_000;

/**
 * The market's arbitrageur on a Solana network (SIM_ARBITRAGE_EVERY_MS): another trader, with a wallet of its own.
 * Each round it finds the pools whose price left their fee band around fair value (after flow moved them, or the
 * fair value moved away) and trades each back to the band's edge as a real swap transaction, landed like an order's
 * (reserved, signed, landed, its memo `order:arbitrage-…`). So venues quote within their fees of one another
 * except right after a trade, as on a real market. One round at a time across every worker process.
 */
@Injectable()
export class ArbitrageTrader implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ArbitrageTrader.name);
  private readonly redis: RedisClient;
  private stop?: () => void;

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly trades: MarketTrades,
    private readonly connections: RedisConnections,
    private readonly config: AppConfig,
    private readonly mints: NetworkMints,
  ) {
    this.redis = connections.create('arbitrage');
  }

  onApplicationBootstrap(): void {
    const everyMs = this.config.simulation.arbitrageEveryMs;
    // The venues' pools are the engine's own only on a local network: elsewhere there is nothing to arbitrage.
    if (everyMs > 0 && this.mints.onLocalNetwork) this.stop = runEvery(everyMs, () => this.round(), this.logger, 'arbitrage round');
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One round over every pool, unless one is running here or in another process: the signatures of the trades landed. */
  async round(): Promise<string[]> {
    const landed = await withRedisLock(this.redis, this.connections.key('arbitrage-round'), ROUND_LEASE_MS, async () => {
      const signatures: string[] = [];
      for (const pool of this.exchange.definitions()) {
        const signature = await this.arbitrage(pool);
        if (signature) signatures.push(signature);
      }
      return signatures;
    });
    return landed ?? [];
  }

  /** Trades the pool back within its band if it left it: the trade's signature once it landed. */
  private async arbitrage(pool: PoolDefinition): Promise<string | undefined> {
    try {
      const now = this.exchange.now();
      const view = (await this.exchange.view([pool], now)).get(pool.id)!;
      const trade = arbitrageTrade(view.state, this.exchange.fairBasePrice(pool, now), now);
      return trade && (await this.execute(pool, trade));
    } catch (error) {
      this.logger.warn(`arbitrage on ${pool.id} skipped: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async execute(pool: PoolDefinition, trade: ArbitrageTrade): Promise<string> {
    const [input, output] = trade.direction === 'xToY' ? [pool.x, pool.y] : [pool.y, pool.x];
    const swap = await this.trades.trade({ owner: ARBITRAGE_OWNER, pool, input, output, amountIn: trade.amountIn, slippageBps: ARBITRAGE_SLIPPAGE_BPS });
    this.logger.log(`arbitrage on ${pool.id}: ${swap.amountIn} ${input.symbol} → ${swap.amountOut} ${output.symbol} (${swap.signature})`);
    return swap.signature;
  }
}
