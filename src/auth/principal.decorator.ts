import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { OPEN_PRINCIPAL, type Principal } from './api-key.js';
import type { AuthenticatedRequest } from './api-key.guard.js';

/** The caller the ApiKeyGuard identified (everyone, when the engine runs open). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? OPEN_PRINCIPAL,
);
