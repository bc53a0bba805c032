import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LocalMarket } from '../local-market/local-market.service.js';
import { DexRouter } from '../routing/dex-router.service.js';
import { minAmountOut } from '../routing/price-math.js';
import { InsufficientFundsError } from '../settlement/settlement.errors.js';
import { SwapSettlement } from '../settlement/swap-settlement.js';
import type { PoolDefinition } from '../simulation/pool-catalog.js';
import type { Token } from '../tokens/token.js';
import { CustodialWallets } from '../wallets/custodial-wallets.service.js';

/** SOL added with a top-up: a trade's fees and rent, many times over. */
const TOP_UP_LAMPORTS = 1_000_000_000n;

/** One trade of the market's own traders: on one pool, `amountIn` of `input` for `output`. */
export interface MarketTrade {
  /** The trader's wallet (a name no API key can have: '@' is not allowed in one). */
  readonly owner: `@${string}`;
  readonly pool: PoolDefinition;
  readonly input: Token;
  readonly output: Token;
  readonly amountIn: bigint;
  /** The least it must give, below its quote. */
  readonly slippageBps: number;
}

export interface MarketTradeResult {
  readonly signature: string;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

/**
 * How the market's own traders trade: on the pool they chose, as real swap transactions from their own custodial
 * wallets, landed like an order's (reserved, signed, landed; memo `order:<owner>-<uuid>`). Traders with deep
 * pockets: on a local network a wallet short of what a trade takes is topped up by the faucet, and the trade tried
 * again once.
 */
@Injectable()
export class MarketTrades {
  constructor(
    private readonly router: DexRouter,
    private readonly settlement: SwapSettlement,
    private readonly wallets: CustodialWallets,
    private readonly market: LocalMarket,
  ) {}

  async trade(trade: MarketTrade): Promise<MarketTradeResult> {
    const request = { input: trade.input, output: trade.output, amountIn: trade.amountIn };
    const decision = await this.router.throughPool(request, trade.pool.id);
    const floor = { minAmountOut: minAmountOut(decision.route.amountOut, trade.slippageBps), slippageBps: trade.slippageBps };
    const build = () => this.settlement.build(decision, floor, { orderId: `${trade.owner.slice(1)}-${randomUUID()}`, owner: trade.owner });
    const tx = await build().catch(async (error: unknown) => {
      if (!(error instanceof InsufficientFundsError) || !(await this.topUp(trade))) throw error;
      return build();
    });
    const swap = await this.settlement.submit(tx);
    return { signature: swap.signature, amountIn: swap.amountIn, amountOut: swap.amountOut };
  }

  /** Twice the trade's input and SOL for its fees into the trader's wallet; false off a local network. */
  private async topUp({ owner, input, amountIn }: MarketTrade): Promise<boolean> {
    const wallet = await this.wallets.signerFor(owner);
    const lamports = TOP_UP_LAMPORTS + (input.native ? 2n * amountIn : 0n);
    return this.market.topUp(wallet.address, lamports, input.native ? [] : [{ token: input, amount: 2n * amountIn }]);
  }
}
