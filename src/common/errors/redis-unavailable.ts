import { DependencyUnavailableError } from './request.errors.js';

/**
 * An error of one of the engine's own Redis connections while Redis is unreachable or does not answer (ioredis
 * gives no code for all of them): refused, closed, or a command or socket that timed out.
 */
const REDIS_AWAY = /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|Command timed out|Socket timeout/;

/** The error as the 503 it means when it says Redis is away; undefined for any other error. */
export function asRedisUnavailable(error: unknown): DependencyUnavailableError | undefined {
  if (!(error instanceof Error)) return undefined;
  return error.name === 'MaxRetriesPerRequestError' || REDIS_AWAY.test(error.message) ? new DependencyUnavailableError('redis', error) : undefined;
}
