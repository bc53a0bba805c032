import type { Principal } from '../auth/api-key.js';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';

/** Whose budget a request spends: its API key, or its address when the engine runs open. */
export const callerOf = (principal: Principal | undefined, address: string | undefined): string =>
  principal?.name ? `key:${principal.name}` : `ip:${address ?? 'unknown'}`;

/** An HTTP request's caller, once the ApiKeyGuard has named its principal. */
export const requestCaller = (request: AuthenticatedRequest): string => callerOf(request.principal, request.ip);
