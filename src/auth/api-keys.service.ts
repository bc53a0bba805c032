import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ForbiddenError, UnauthorizedError } from '../common/errors/request.errors.js';
import { AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import type { RedisClient } from '../redis/redis-options.js';
import { OPEN_PRINCIPAL, type Principal } from './api-key.js';

/** A WebSocket ticket lives this long and works once. */
export const TICKET_TTL_S = 30;

interface StoredKey {
  readonly digest: Buffer;
  readonly principal: Principal;
}

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/**
 * Who a request is: its API key (`Authorization: Bearer <key>` or `X-API-Key`), compared in constant time
 * against every configured key, or a single-use WebSocket ticket (for browsers, which cannot set headers on
 * a WebSocket). Keys are never logged. Without API_KEYS the engine runs open: everyone is `OPEN_PRINCIPAL`.
 */
@Injectable()
export class ApiKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeys.name);
  private readonly keys: readonly StoredKey[];
  private readonly redis: RedisClient;

  constructor(
    config: AppConfig,
    private readonly connections: RedisConnections,
  ) {
    this.keys = config.auth.keys.map(({ name, key, admin }) => ({ digest: digest(key), principal: { name, admin } }));
    this.redis = connections.create('auth');
  }

  onApplicationBootstrap(): void {
    if (this.open) this.logger.warn('no API_KEYS: the engine runs open, every client sees and follows every order');
    else this.logger.log(`${this.keys.length} API key(s): ${this.keys.map((k) => `${k.principal.name}${k.principal.admin ? ' (admin)' : ''}`).join(', ')}`);
  }

  get open(): boolean {
    return this.keys.length === 0;
  }

  /** The principal of the key the headers carry; undefined for none or a wrong one (open: everyone). */
  fromHeaders(headers: IncomingHttpHeaders): Principal | undefined {
    if (this.open) return OPEN_PRINCIPAL;
    const presented = presentedKey(headers);
    return presented === undefined ? undefined : this.match(presented);
  }

  /** Why the headers open nothing under /api: no key sent, or a key that matches none. */
  refusal(headers: IncomingHttpHeaders): UnauthorizedError {
    return new UnauthorizedError(presentedKey(headers) === undefined ? 'missing' : 'unknown');
  }

  /** A WebSocket upgrade's principal: its key headers, or its `?ticket=` (browsers); undefined: refuse it (401). */
  async fromUpgrade(request: IncomingMessage): Promise<Principal | undefined> {
    const fromHeaders = this.fromHeaders(request.headers);
    if (fromHeaders) return fromHeaders;
    const ticket = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('ticket');
    return ticket === null ? undefined : this.redeemTicket(ticket);
  }

  /**
   * Lets an operator through to `what` (the metrics, the queue dashboard), by the key headers or HTTP Basic
   * with the key as the password (what a browser prompts for on a 401 with WWW-Authenticate, and what
   * Prometheus's `basic_auth` sends); anyone when the engine runs open. Throws what is wrong: no key, a key
   * that matches none (401), or a valid key that is not an admin's (403).
   */
  requireOperator(headers: IncomingHttpHeaders, what: string): void {
    if (this.open) return;
    const presented = presentedKey(headers) ?? basicPassword(headers);
    if (presented === undefined) throw new UnauthorizedError('missing');
    const principal = this.match(presented);
    if (!principal) throw new UnauthorizedError('unknown');
    if (!principal.admin) throw new ForbiddenError(principal.name ?? '', what);
  }

  /** A single-use ticket for a WebSocket URL (`?ticket=`), valid for TICKET_TTL_S, shared by every engine process. */
  async issueTicket(principal: Principal): Promise<string> {
    const ticket = randomBytes(24).toString('base64url');
    await this.redis.set(this.ticketKey(ticket), JSON.stringify(principal), 'EX', TICKET_TTL_S);
    return ticket;
  }

  /** The principal a ticket was issued to, once; undefined for an unknown, used or expired ticket. */
  async redeemTicket(ticket: string): Promise<Principal | undefined> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(ticket)) return undefined;
    const stored = await this.redis.getdel(this.ticketKey(ticket));
    return stored === null ? undefined : (JSON.parse(stored) as Principal);
  }

  /** Every key is compared (no early exit), each in constant time, on digests of equal length. */
  private match(presented: string): Principal | undefined {
    const candidate = digest(presented);
    let found: Principal | undefined;
    for (const key of this.keys) if (timingSafeEqual(key.digest, candidate)) found = key.principal;
    return found;
  }

  private ticketKey(ticket: string): string {
    return this.connections.key('ws-ticket', ticket);
  }
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  return bearer ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
}

/** The password of `Authorization: Basic` (any user name): how browsers and Prometheus send an operator's key. */
function basicPassword(headers: IncomingHttpHeaders): string | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  return basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':');
}
