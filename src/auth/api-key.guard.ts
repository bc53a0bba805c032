import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './api-key.js';
import { ApiKeys } from './api-keys.service.js';

/** Open to anyone: liveness, readiness and the token list (and everything outside /api: the dashboard, /docs). */
const PUBLIC = [/^\/api\/health(\/|$)/, /^\/api\/tokens$/];

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Every route under /api needs a key (when keys are configured); the request then carries its principal. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const path = request.url.split('?')[0];
    const principal = this.keys.fromHeaders(request.headers);
    if (principal) request.principal = principal;
    if (principal || !path.startsWith('/api/') || (request.method === 'GET' && PUBLIC.some((p) => p.test(path)))) return true;
    throw this.keys.refusal(request.headers);
  }
}
