import type { RoutablePool } from '../routing/route-search/routable-pool.js';
import type { PoolDefinition } from './pool-catalog.js';
import { quotePool, type PoolState } from './pool-state.js';

/** A pool in one state as the route search asks it: quotes either way, the state never changed. */
export const routablePool = (definition: PoolDefinition, state: PoolState, now: number): RoutablePool => ({
  id: definition.id,
  venue: definition.venue,
  mints: [definition.x.mint, definition.y.mint],
  quote: (inputMint, amountIn) => quotePool(state, amountIn, inputMint === definition.x.mint ? 'xToY' : 'yToX', now),
});
