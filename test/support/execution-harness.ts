import type { AppConfig } from '../../src/config/app-config.js';
import type { ConfirmedOnChain, OrderLifecycleEvent, SubmittedOnChain, VenueId } from '../../src/contracts/order-lifecycle.js';
import type { OrderEventsPublisher } from '../../src/events/order-events.publisher.js';
import type { OrderEventsSubscriber } from '../../src/events/order-events.subscriber.js';
import { EngineMetrics } from '../../src/metrics/engine-metrics.service.js';
import { OrderLifecycle } from '../../src/order-store/order-lifecycle.service.js';
import { LimitOrderType } from '../../src/order-types/limit.order-type.js';
import { MarketOrderType } from '../../src/order-types/market.order-type.js';
import { OrderTypes } from '../../src/order-types/order-types.service.js';
import { SniperOrderType } from '../../src/order-types/sniper.order-type.js';
import { DexRouter } from '../../src/routing/dex-router.service.js';
import { QuoteProvider, type VenuePool } from '../../src/routing/quote-provider.js';
import type { RoutingDecision } from '../../src/routing/routing-decision.js';
import { SlippageExceededError, TransactionDroppedError } from '../../src/settlement/settlement.errors.js';
import { routeTransaction, type SettledSwap, type SwapTransaction } from '../../src/settlement/swap-transaction.js';
import type { SwapOrder, SwapSettlement } from '../../src/settlement/swap-settlement.js';
import { TokenRegistry } from '../../src/tokens/token-registry.js';
import { DEFAULT_TOKENS } from '../../src/tokens/token.js';
import { InMemoryOrderStore } from './in-memory-order-store.js';

/**
 * The pieces around the execution, order and trigger services, in memory and deterministic, for their unit
 * tests: a venue at a fixed price, a swap executor that does what the test says, the in-memory order store
 * behind the real `OrderLifecycle`, and a publisher that records what it publishes.
 */

/**
 * A venue with one SOL/USDC pool at a fixed price (USDC per SOL, no impact) with a 25 bps fee, either way; it can be
 * made to fail.
 */
export class FixedPriceVenue extends QuoteProvider {
  failing = false;
  private listeners: (() => void)[] = [];

  constructor(
    readonly venue: VenueId,
    public price: number,
  ) {
    super();
  }

  async pools(): Promise<readonly VenuePool[]> {
    if (this.failing) throw new Error(`${this.venue} is down`);
    const [sol, usdc] = [DEFAULT_TOKENS[0], DEFAULT_TOKENS[1]];
    const scaled = BigInt(Math.round(this.price * 1e6));
    return [
      {
        id: `${this.venue}:SOL-USDC`,
        venue: this.venue,
        mints: [sol.mint, usdc.mint],
        tokens: [sol, usdc],
        quote: (inputMint, amountIn) => {
          const feeAmount = (amountIn * 25n) / 10_000n;
          const net = amountIn - feeAmount;
          const amountOut = inputMint === sol.mint ? (net * scaled) / 1_000n / 1_000_000n : (net * 1_000n * 1_000_000n) / scaled;
          return { amountIn, amountOut, feeAmount, priceImpactBps: 0 };
        },
      },
    ];
  }

  override onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Moves the price and tells the router's watchers. */
  move(price: number): void {
    this.price = price;
    this.listeners.forEach((listener) => listener());
  }
}

/** What the next `submit` does: land, fail with an error, or wait for the test. */
export type SubmitBehaviour = 'land' | Error | Promise<void>;

/** Builds swaps as the paper settlement does (one per route) and lands them as the test says. */
export class ScriptedSwapExecutor implements SwapSettlement {
  readonly built: SwapTransaction[] = [];
  /** The order each build was for (whose wallet pays, and the memo). */
  readonly builtFor: SwapOrder[] = [];
  readonly submitted: string[] = [];
  /** Built swaps that were let go unsent. */
  readonly abandoned: string[] = [];
  /** Signatures that landed (what `reconcile` finds). */
  readonly landed = new Map<string, SettledSwap>();
  /** Signatures a reconcile decided will never land. */
  readonly expired = new Set<string>();
  private readonly script: SubmitBehaviour[] = [];
  private readonly buildFailures: Error[] = [];
  /** What the swaps say of the network they go out on (null: on paper). */
  network: { readonly submitted: SubmittedOnChain; readonly confirmed: ConfirmedOnChain } | null = null;
  private next = 0;

  /** The next builds throw these, in order (the wallet cannot pay, the price moved past the floor…). */
  failBuilds(...errors: Error[]): this {
    this.buildFailures.push(...errors);
    return this;
  }

  /** The next submits, in order; any further one lands. */
  then(...behaviours: SubmitBehaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  async build(decision: RoutingDecision, floor: { readonly minAmountOut: bigint; readonly slippageBps: number }, order: SwapOrder): Promise<SwapTransaction> {
    this.builtFor.push(order);
    const failure = this.buildFailures.shift();
    if (failure) throw failure;
    const tx = routeTransaction(decision, floor, `sig-${++this.next}`, this.network?.submitted ?? null);
    this.built.push(tx);
    return tx;
  }

  async abandon(tx: SwapTransaction): Promise<void> {
    this.abandoned.push(tx.signature);
  }

  async submit(tx: SwapTransaction): Promise<SettledSwap> {
    this.submitted.push(tx.signature);
    const behaviour = this.script.shift() ?? 'land';
    if (behaviour instanceof Error) throw behaviour;
    if (behaviour !== 'land') await behaviour;
    if (this.expired.has(tx.signature)) throw new TransactionDroppedError(tx.signature);
    return this.land(tx, tx.expectedAmountOut);
  }

  /** The swap if it landed; otherwise it never will (as the chain's expiry decides). */
  async reconcile(signature: string): Promise<SettledSwap | undefined> {
    const landed = this.landed.get(signature);
    if (!landed) this.expired.add(signature);
    return landed;
  }

  /** Lands `tx` giving `amountOut` (below its floor: slippage). */
  land(tx: SwapTransaction, amountOut: bigint): SettledSwap {
    if (amountOut < tx.minAmountOut) throw new SlippageExceededError(tx.minAmountOut, amountOut);
    const swap: SettledSwap = {
      signature: tx.signature,
      venue: tx.venue,
      fills: tx.legs.map((leg) => ({ venue: leg.venue, amountIn: `${leg.amountIn}`, amountOut: `${leg.expectedAmountOut}`, feeAmount: '0' })),
      amountIn: tx.amountIn,
      amountOut,
      executedPrice: 0,
      landedAt: new Date().toISOString(),
      network: this.network?.confirmed ?? null,
    };
    this.landed.set(tx.signature, swap);
    return swap;
  }
}

/** Records what is published, in order. */
export class RecordingPublisher {
  readonly published: OrderLifecycleEvent[] = [];

  publish(events: OrderLifecycleEvent | readonly OrderLifecycleEvent[]): void {
    this.published.push(...(Array.isArray(events) ? events : [events as OrderLifecycleEvent]));
  }
}

export const testConfig = (overrides: Partial<Record<keyof AppConfig, unknown>> = {}): AppConfig =>
  ({
    routing: { quoteTimeoutMs: 1_000, maxHops: 2, maxSwaps: 3, poolsPerHop: 4, swapCostLamports: 5_000n },
    triggers: { intervalMs: 60_000 },
    ...overrides,
  }) as unknown as AppConfig;

const quietSubscriber = { listen: () => () => undefined } as unknown as OrderEventsSubscriber;

export interface Harness {
  readonly store: InMemoryOrderStore;
  readonly publisher: RecordingPublisher;
  readonly lifecycle: OrderLifecycle;
  readonly venues: readonly FixedPriceVenue[];
  readonly router: DexRouter;
  readonly executor: ScriptedSwapExecutor;
  readonly tokens: TokenRegistry;
  readonly types: OrderTypes;
  readonly metrics: EngineMetrics;
  /** Every published event is stored, as stored (the one-writer rule). */
  publishedEventsAreStored(): Promise<void>;
}

/** SOL/USDC at about `price` on two venues (Raydium `price`, Meteora 1% worse). */
export function harness(price = 150): Harness {
  const store = new InMemoryOrderStore();
  const publisher = new RecordingPublisher();
  const venues = [new FixedPriceVenue('raydium', price), new FixedPriceVenue('meteora', price * 0.99)];
  const metrics = new EngineMetrics(quietSubscriber);
  return {
    store,
    publisher,
    lifecycle: new OrderLifecycle(store, publisher as unknown as OrderEventsPublisher),
    venues,
    router: new DexRouter(venues, testConfig(), metrics),
    executor: new ScriptedSwapExecutor(),
    tokens: new TokenRegistry(),
    types: new OrderTypes([new MarketOrderType(), new LimitOrderType(), new SniperOrderType()]),
    metrics,
    async publishedEventsAreStored() {
      for (const event of publisher.published) expect((await store.events(event.orderId)).find((e) => e.seq === event.seq)).toEqual(event);
    },
  };
}
