import type { Principal } from '../auth/api-key.js';

/** Whose budget a request spends: its API key, or its address when the engine runs open. */
export const callerOf = (principal: Principal | undefined, address: string | undefined): string =>
  principal?.name ? `key:${principal.name}` : `ip:${address ?? 'unknown'}`;

/** A WebSocket's caller, set when it connects (the gateway knows the upgrade; interceptors see only the socket). */
export const socketCallers = new WeakMap<object, string>();
