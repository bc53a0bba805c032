import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { PriceHistoryResponse } from '../contracts/rest.js';
import { DexRouter } from '../routing/dex-router.service.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry } from '../tokens/token-registry.js';

const RETENTION_MS = 30 * 60_000;
export const SAMPLED_PAIRS = ['SOL-USDC', 'SOL-USDT', 'JUP-USDC', 'BONK-SOL'];

interface Point {
  readonly at: string;
  readonly prices: Partial<Record<VenueId, number>>;
}

/** Samples each venue's price for a few pairs, for the dashboard's chart of the last minutes. */
@Injectable()
export class PriceHistory implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PriceHistory.name);
  private readonly series = new Map<string, Point[]>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly router: DexRouter,
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.simulation.priceSampleMs === 0) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.config.simulation.priceSampleMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  history(pair: string): PriceHistoryResponse | undefined {
    const key = pair.toUpperCase().replace('/', '-');
    const points = this.series.get(key);
    return points && { pair: key, intervalMs: this.config.simulation.priceSampleMs, points };
  }

  async sample(): Promise<void> {
    const now = Date.now();
    await Promise.all(SAMPLED_PAIRS.map((pair) => this.samplePair(pair, now)));
  }

  private async samplePair(pair: string, now: number): Promise<void> {
    const [input, output] = pair.split('-').map((symbol) => this.tokens.resolve(symbol));
    if (!input || !output) return;
    try {
      const outcomes = await this.router.quoteAll({ input, output, amountIn: oneUnit(input) });
      const prices = Object.fromEntries(outcomes.flatMap((o) => (o.ok ? [[o.venue, o.quote.price]] : [])));
      const points = [...(this.series.get(pair) ?? []), { at: new Date(now).toISOString(), prices }];
      this.series.set(pair, points.filter((p) => now - Date.parse(p.at) <= RETENTION_MS));
    } catch (error) {
      this.logger.warn(`price sample of ${pair} failed: ${(error as Error).message}`);
    }
  }
}

const oneUnit = (token: Token): bigint => 10n ** BigInt(token.decimals);
