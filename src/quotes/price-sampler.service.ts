import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { claimPeriod } from '../redis/redis-lock.js';
import type { RedisClient } from '../redis/redis-options.js';
import { DexRouter } from '../routing/dex-router.service.js';
import { SimulatedExchange } from '../simulation/simulated-exchange.js';
import { TokenRegistry } from '../tokens/token-registry.js';
import type { Token } from '../tokens/token.js';
import { PriceHistoryStore, SAMPLED_PAIRS } from './price-history.store.js';

/**
 * Samples each pool's price (and so each venue's best), and the market's fair price, for a few pairs every PRICE_SAMPLE_MS. Runs in
 * worker processes; with several of them, one sample per period is taken
 * across all (a Redis claim per period), not one per process.
 */
@Injectable()
export class PriceSampler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PriceSampler.name);
  private readonly redis: RedisClient;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly router: DexRouter,
    private readonly exchange: SimulatedExchange,
    private readonly tokens: TokenRegistry,
    private readonly store: PriceHistoryStore,
    private readonly config: AppConfig,
    private readonly connections: RedisConnections,
  ) {
    this.redis = connections.create('price-sampler');
  }

  onApplicationBootstrap(): void {
    const periodMs = this.config.simulation.priceSampleMs;
    if (periodMs === 0) return;
    void this.tick(periodMs);
    this.timer = setInterval(() => void this.tick(periodMs), periodMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Takes one sample of every pair, whichever process calls it. */
  async sample(now = Date.now()): Promise<void> {
    await Promise.all(SAMPLED_PAIRS.map((pair) => this.samplePair(pair, now)));
  }

  private async tick(periodMs: number): Promise<void> {
    try {
      if (await claimPeriod(this.redis, this.connections.key('prices', 'sampled'), periodMs)) await this.sample();
    } catch (error) {
      this.logger.warn(`price sample skipped: ${(error as Error).message}`);
    }
  }

  private async samplePair(pair: string, now: number): Promise<void> {
    const [input, output] = pair.split('-').map((symbol) => this.tokens.resolve(symbol));
    if (!input || !output) return;
    try {
      const quotes = await this.router.poolQuotes({ input, output, amountIn: oneUnit(input) });
      // Best first: each venue's first quote is its best pool.
      const prices = Object.fromEntries(quotes.toReversed().map((quote) => [quote.venue, quote.price]));
      const pools = Object.fromEntries(quotes.map((quote) => [quote.pool, quote.price]));
      const at = this.exchange.now();
      const fair = this.exchange.fairUsd(input, at) / this.exchange.fairUsd(output, at);
      await this.store.append(pair, { at: new Date(now).toISOString(), prices, pools, fair });
    } catch (error) {
      this.logger.warn(`price sample of ${pair} failed: ${(error as Error).message}`);
    }
  }
}

const oneUnit = (token: Token): bigint => 10n ** BigInt(token.decimals);
