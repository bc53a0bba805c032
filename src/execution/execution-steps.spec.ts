import { capped } from '../../test/support/routable-pools.js';
import type { VenuePool } from '../routing/quote-provider.js';
import { searchRoute } from '../routing/route-search/route-search.js';
import { decide } from '../routing/routing-decision.js';
import { routeTransaction } from '../settlement/swap-transaction.js';
import { DEFAULT_TOKENS } from '../tokens/token.js';
import { sendingChanges } from './execution-steps.js';

const [SOL, USDC] = DEFAULT_TOKENS;

describe('the steps stored before a swap is sent', () => {
  it('say, for building, each leg by venue and pool with what it swaps and expects, and the floor', () => {
    const pools: VenuePool[] = [
      { ...capped('raydium:SOL-USDC', [SOL.mint, USDC.mint], 150n, 600n, 'raydium'), tokens: [SOL, USDC] },
      { ...capped('meteora:SOL-USDC', [SOL.mint, USDC.mint], 140n, 10_000n, 'meteora'), tokens: [SOL, USDC] },
    ];
    const request = { input: SOL, output: USDC, amountIn: 1_000n };
    const search = searchRoute(pools, { from: SOL.mint, to: USDC.mint, amountIn: 1_000n, swapCost: 0n })!;
    const decision = decide(request, search, new Map(pools.map((pool) => [pool.id, pool])), []);
    const tx = routeTransaction(decision, { minAmountOut: 140_000n, slippageBps: 50 }, 'sig-1', null);

    const [routing, building, submitted] = sendingChanges(decision, tx, 2);
    expect(routing).toMatchObject({ status: 'routing', attempt: 2, details: { quotes: [], route: { kind: 'split', amountOut: '146000' } } });
    expect(building).toEqual({
      status: 'building',
      attempt: 2,
      details: {
        venue: 'raydium+meteora',
        legs: [
          { venue: 'raydium', pool: 'raydium:SOL-USDC', amountIn: '600', expectedAmountOut: '90000' },
          { venue: 'meteora', pool: 'meteora:SOL-USDC', amountIn: '400', expectedAmountOut: '56000' },
        ],
        amountIn: '1000',
        expectedAmountOut: '146000',
        minAmountOut: '140000',
        slippageBps: 50,
        steps: ['wrapSol', 'swap'],
      },
    });
    expect(submitted).toEqual({ status: 'submitted', attempt: 2, details: { txHash: 'sig-1', venue: 'raydium+meteora' } });
  });
});
