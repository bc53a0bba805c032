import { Batcher, inUniqueRounds } from '../../common/batcher.js';

/**
 * Statements of one kind running at once: a caller waits for a free one, not for the whole running batch.
 * Two: fewer, larger batches cost less per order than three (docs/performance.md).
 */
const STATEMENTS_IN_FLIGHT = 2;

/** Group commit for a statement that reads or inserts: concurrent callers share one statement. */
export const groupCommit = <In, Out>(run: (batch: In[]) => Promise<Out[]>): Batcher<In, Out> => new Batcher(run, { maxInFlight: STATEMENTS_IN_FLIGHT });

/**
 * Group commit for writes to existing order rows. An order twice in one batch (a fenced run and its
 * successor, a retry and the recovery sweep) is written in call order, in rounds: one statement cannot
 * update a row twice. Batches running at once never share an order, so they cannot wait on each other's rows.
 */
export function groupCommitByOrder<In, Out>(orderOf: (input: In) => string, write: (round: In[]) => Promise<Out[]>): Batcher<In, Out> {
  return new Batcher((batch) => inUniqueRounds(batch, orderOf, write), { maxInFlight: STATEMENTS_IN_FLIGHT, key: orderOf });
}
