import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { AppConfig } from './config/app-config.js';
import { HttpErrorFilter } from './common/errors/http-exception.filter.js';
import { requireJsonBodies } from './common/json-bodies.js';
import { answerBeforeBodyRead } from './common/early-answers.js';
import { EXPOSED_HEADERS } from './common/rate-limit-headers.js';
import { createValidationPipe } from './common/validation.js';
import helmet from 'helmet';
import { accessLog, requestId } from './logging/logging.module.js';
import { PinoLoggerService } from './logging/pino-logger.service.js';
import { mountQueueBoard } from './admin/queue-board.js';
import { ApiKeys } from './auth/api-keys.service.js';
import { OrdersWsAdapter } from './orders/ws/orders-ws.adapter.js';
import { dashboardAssetsDir } from './dashboard/dashboard-assets.js';
import { setupOpenApi } from './openapi.js';

/** Everything both main.ts and the e2e tests set on the app: one bootstrap, not two. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<NestFastifyApplication> {
  securityHeaders(app);
  accessLog(app, config);
  if (config.edge.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.edge.corsOrigins.includes('*') ? true : [...config.edge.corsOrigins],
      // Everything the API answers to (a browser cancels with DELETE) and every header it reads.
      methods: ['GET', 'HEAD', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key', 'x-request-id'],
      exposedHeaders: [...EXPOSED_HEADERS],
      maxAge: 600,
    });
  }
  app.useWebSocketAdapter(new OrdersWsAdapter(app, (request) => apiKeys(app).fromUpgrade(request)));
  if (config.role !== 'worker') await mountQueueBoard(app, apiKeys(app));
  requireJsonBodies(app);
  answerBeforeBodyRead(app);
  app.useStaticAssets({ root: dashboardAssetsDir(), prefix: '/dashboard/', decorateReply: false });
  setupOpenApi(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  return app;
}

export const createFastifyAdapter = (config: AppConfig): FastifyAdapter =>
  new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: trustProxy(config.edge.trustProxy),
    genReqId: requestId,
  });

/**
 * TRUST_PROXY: proxy addresses/CIDRs are checked against each hop; a hop count trusts the nearest `n` hops
 * whoever they are (Fastify itself refuses bare hop counts), so use it only where nothing but the proxy can
 * reach the engine.
 */
function trustProxy(setting: AppConfig['edge']['trustProxy']): string[] | boolean | ((address: string, hop: number) => boolean) {
  if (setting === false) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return [...setting];
}

/**
 * Security headers on every response. Pages (the dashboard, Swagger UI at /docs, the queue board) get helmet's:
 * they load only this host's scripts and styles (Swagger UI needs inline ones) and talk to this host over HTTP
 * and WebSocket; the middleware is built once (@fastify/helmet built it again for every request, CSP parsing
 * and all). JSON under /api gets the set that means something for an API
 * (OWASP's REST guidance): no caching of order data anywhere, nothing to load, never framed, never sniffed.
 */
function securityHeaders(app: NestFastifyApplication): void {
  const pageHeaders = helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (!request.url.startsWith('/api/')) return pageHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
      reply.headers(API_SECURITY_HEADERS);
      done();
    });
}

export const API_SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** The app, logging through `logger` (pino: JSON lines or readable ones, with fields) from its first line. */
export async function createApp(config: AppConfig, logger: PinoLoggerService): Promise<NestFastifyApplication> {
  // abortOnError false: a provider that fails (the database unreachable) throws here instead of Nest ending the
  // process itself, so that main.ts stops the local services it started before it exits.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), createFastifyAdapter(config), {
    logger,
    abortOnError: false,
  });
  return configureApp(app, config);
}

/** API processes have the key registry; a worker serves no WebSocket, so it is never asked. */
function apiKeys(app: NestFastifyApplication): ApiKeys {
  return app.get(ApiKeys, { strict: false });
}
