import { randomBytes, randomInt } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { encodeBase58 } from '../common/base58.js';
import { TokenExistsError } from '../common/errors/request.errors.js';
import { AppConfig } from '../config/app-config.js';
import type { VenueId } from '../contracts/order-lifecycle.js';
import type { TokenLaunchResponse } from '../contracts/rest.js';
import type { Token } from '../tokens/token.js';
import { TokenRegistry, toTokenView } from '../tokens/token-registry.js';
import { byMint, launchPoolSpec, poolId, type PoolDefinition } from './pool-catalog.js';
import { SimulatedChain } from './simulated-chain.js';
import { SimulatedExchange } from './simulated-exchange.js';

/** What a launch needs: the new token, where its first pool opens, against what, at what price and depth. */
interface LaunchRequest {
  readonly symbol: string;
  readonly mint?: string;
  readonly decimals: number;
  readonly venue: VenueId;
  readonly quote: Token;
  readonly priceUsd: number;
  readonly liquidityUsd: number;
}

/**
 * Token launches on the simulated market: a new token and its first pool.
 * A launch is recorded once on the chain (Redis) and announced to every
 * engine process, which adds the token to its registry and the pool to its
 * venues, then tells its pool watchers (resting sniper orders fire in the
 * pass that sees the launch). Launches recorded before a process started are
 * applied at its boot.
 */
@Injectable()
export class TokenLaunches implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TokenLaunches.name);
  private stop?: () => void;
  private timer?: NodeJS.Timeout;
  private onChain?: (pool: PoolDefinition) => Promise<void>;

  constructor(
    private readonly chain: SimulatedChain,
    private readonly exchange: SimulatedExchange,
    private readonly tokens: TokenRegistry,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.stop = this.chain.onLaunch((json) => this.apply(JSON.parse(json) as TokenLaunchResponse));
    for (const json of await this.chain.launches()) this.apply(JSON.parse(json) as TokenLaunchResponse);
  }

  onApplicationBootstrap(): void {
    const everyMs = this.config.simulation.launchEveryMs;
    if (everyMs > 0) this.timer = setInterval(() => void this.launchOnSchedule(everyMs), everyMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.stop?.();
  }

  /**
   * On a network, what a launch needs there before anyone may trade it (its mint, its pool's vaults funded): done
   * by the launching process before the launch is recorded and announced.
   */
  setUpOnChainWith(setUp: (pool: PoolDefinition) => Promise<void>): void {
    this.onChain = setUp;
  }

  /** Launches a token: recorded once across every process (a mint or symbol already known is refused), applied here at once. */
  async launch(request: LaunchRequest): Promise<TokenLaunchResponse> {
    const mint = request.mint ?? encodeBase58(randomBytes(32));
    const taken = { mintTaken: `a token with mint ${mint}`, symbolTaken: `a token with symbol ${request.symbol}` };
    if (this.tokens.resolve(mint)) throw new TokenExistsError(taken.mintTaken);
    if (this.tokens.resolve(request.symbol)) throw new TokenExistsError(taken.symbolTaken);
    const launch: TokenLaunchResponse = {
      token: { symbol: request.symbol, mint, decimals: request.decimals },
      venue: request.venue,
      poolId: poolId(request.venue, { symbol: request.symbol, mint }, request.quote),
      quoteToken: toTokenView(request.quote),
      priceUsd: request.priceUsd,
      liquidityUsd: request.liquidityUsd,
      launchedAt: new Date().toISOString(),
    };
    // On a network its mint and its pool's vaults are there before anyone here or elsewhere may see it.
    if (this.onChain) for (const pool of this.poolsOf(launch, request.quote)) await this.onChain(pool);
    // Another process may have launched the same mint or symbol since the checks above: the chain decides.
    const outcome = await this.chain.recordLaunch(mint, request.symbol, JSON.stringify(launch));
    if (outcome !== 'recorded') throw new TokenExistsError(taken[outcome]);
    this.apply(launch);
    return launch;
  }

  /** Adds a launch's token and pool to this process (once; the launching process sees its own announcement too), and tells its pool watchers. */
  private apply(launch: TokenLaunchResponse): void {
    if (this.register(launch).length > 0) this.chain.poolsAdded();
  }

  /** Adds the launch's token and pool to this process's registry and venues, unless known already; the pools added. */
  private register(launch: TokenLaunchResponse): PoolDefinition[] {
    if (this.tokens.resolve(launch.token.mint)) return [];
    const quote = this.tokens.resolve(launch.quoteToken.mint);
    if (!quote) {
      this.logger.warn(`launch of ${launch.token.symbol} skipped: its quote token ${launch.quoteToken.symbol} is not known here`);
      return [];
    }
    this.tokens.add(launchedToken(launch));
    const pools = this.poolsOf(launch, quote);
    pools.forEach((pool) => this.exchange.list(pool));
    this.logger.log(`token ${launch.token.symbol} (${launch.token.mint}) launched on ${launch.venue} against ${quote.symbol}`);
    return pools;
  }

  /** The launch's first pool, against `quote` (its token as the registry will know it). */
  private poolsOf(launch: TokenLaunchResponse, quote: Token): PoolDefinition[] {
    const spec = launchPoolSpec(launch.venue, launch.token.symbol, quote.symbol, launch.liquidityUsd);
    const token = launchedToken(launch);
    const [x, y] = byMint(token, quote);
    return [{ venue: launch.venue, id: poolId(launch.venue, token, quote), x, y, spec }];
  }

  /** SIM_LAUNCH_EVERY_MS: one random launch per period across every process, so there is always something to snipe. */
  private async launchOnSchedule(everyMs: number): Promise<void> {
    try {
      if (await this.chain.claimPeriod('random-launch', everyMs)) await this.launch(this.randomLaunch());
    } catch (error) {
      this.logger.warn(`random launch skipped: ${(error as Error).message}`);
    }
  }

  private randomLaunch(): LaunchRequest {
    const letters = Array.from({ length: 4 }, () => String.fromCharCode(65 + randomInt(26))).join('');
    const quote = this.tokens.resolve(randomInt(2) === 0 ? 'SOL' : 'USDC')!;
    return {
      symbol: `NEW${letters}`,
      decimals: randomInt(2) === 0 ? 6 : 9,
      venue: randomInt(2) === 0 ? 'raydium' : 'meteora',
      quote,
      // Log-uniform from $0.000001 to $1, the range new tokens open in.
      priceUsd: Number((10 ** -(randomInt(6_000_000) / 1_000_000)).toPrecision(4)),
      liquidityUsd: 50_000 + randomInt(450_000),
    };
  }
}

const launchedToken = (launch: TokenLaunchResponse): Token => ({ ...launch.token, name: launch.token.symbol, native: false, referenceUsd: launch.priceUsd });
