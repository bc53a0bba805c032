/** The transaction would fail as it is (its simulation failed): nothing was sent. */
export class SimulationFailedError extends Error {
  constructor(
    readonly err: unknown,
    readonly logs: readonly string[],
  ) {
    super(`the transaction's simulation failed: ${describeChainError(err)}`);
  }
}

/** The network's error for a transaction, as text (its JSON, with integers as numbers). */
export function describeChainError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return JSON.stringify(err, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
}
