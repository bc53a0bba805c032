import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeys } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';

/** API keys, WebSocket tickets and the guard every /api route passes. Loaded by API processes. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [ApiKeys, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeys],
})
export class AuthModule {}
