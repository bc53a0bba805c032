/**
 * Base of every error the domain raises on purpose. `code` is stable and
 * machine-readable; `retryable` tells the queue whether another attempt can help.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly retryable: boolean = false;
  /** Something the request needs (Redis, the database, every venue) is down: a 503, worth retrying later. */
  readonly dependencyDown: boolean = false;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
