import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConnectionCaps } from './connection-caps.service.js';
import { RateLimiter } from './rate-limiter.service.js';
import { ReadLimitGuard } from './read-limit.guard.js';

/** Per-caller budgets for submits and reads, shared by every process through Redis. Loaded by API processes. */
@Global()
@Module({
  providers: [RateLimiter, ConnectionCaps, { provide: APP_GUARD, useClass: ReadLimitGuard }],
  exports: [RateLimiter, ConnectionCaps],
})
export class RateLimitsModule {}
