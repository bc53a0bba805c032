import type { VenuePool } from '../routing/quote-provider.js';
import type { PoolDefinition } from './pool-catalog.js';
import { quotePool, type PoolState } from './pool-state.js';

/** A pool in one state as the router asks it: quotes either way, the state never changed. */
export const routablePool = (definition: PoolDefinition, state: PoolState, now: number): VenuePool => ({
  id: definition.id,
  venue: definition.venue,
  mints: [definition.x.mint, definition.y.mint],
  tokens: [definition.x, definition.y],
  quote: (inputMint, amountIn) => quotePool(state, amountIn, inputMint === definition.x.mint ? 'xToY' : 'yToX', now),
});
