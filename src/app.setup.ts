import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { AppConfig } from './config/app-config.js';
import { HttpErrorFilter } from './common/errors/http-exception.filter.js';
import { requireJsonBodies } from './common/json-bodies.js';
import { createValidationPipe } from './common/validation.js';
import { ApiKeys } from './auth/api-keys.service.js';
import { OrdersWsAdapter } from './orders/ws/orders-ws.adapter.js';
import { dashboardAssetsDir } from './dashboard/dashboard-assets.js';
import { setupOpenApi } from './openapi.js';

/** Everything both main.ts and the e2e tests set on the app: one bootstrap, not two. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useWebSocketAdapter(new OrdersWsAdapter(app, (request) => apiKeys(app).fromUpgrade(request)));
  requireJsonBodies(app);
  app.useStaticAssets({ root: dashboardAssetsDir(), prefix: '/dashboard/', decorateReply: false });
  setupOpenApi(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  return app;
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** `level` and every level more severe than it. */
export const logLevelsUpTo = (level: AppConfig['logLevel']): LogLevel[] => LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);

export const createFastifyAdapter = (config: AppConfig): FastifyAdapter => new FastifyAdapter({ bodyLimit: config.http.bodyLimitBytes, trustProxy: true });

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(config), {
    logger: logLevelsUpTo(config.logLevel),
  });
  return configureApp(app);
}

/** API processes have the key registry; a worker serves no WebSocket, so it is never asked. */
function apiKeys(app: NestFastifyApplication): ApiKeys {
  return app.get(ApiKeys, { strict: false });
}
