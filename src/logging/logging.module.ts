import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { ConfigValidationError, loadConfig } from '../config/environment.js';
import { PinoLoggerService } from './pino-logger.service.js';

/** LOG_LEVEL in pino's words. */
const PINO_LEVELS: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The process's logger: JSON lines in production, readable lines (pino-pretty) in development. */
export const createPinoLogger = ({ logLevel, logFormat }: Pick<AppConfig, 'logLevel' | 'logFormat'>): PinoLoggerService =>
  new PinoLoggerService(
    pino({
      level: PINO_LEVELS[logLevel],
      ...(logFormat === 'pretty' ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
    }),
  );

/**
 * The validated configuration, and the logger it asks for, installed as Nest's; an invalid configuration is
 * reported (in the format LOG_FORMAT or NODE_ENV asks for, as far as they can be read) and the process exits.
 * What every entry point (the engine, the cluster launcher) does first.
 */
export function configureOrExit(env: Record<string, string | undefined>, context: string): { config: AppConfig; logger: PinoLoggerService } {
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    const logFormat = env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : env.NODE_ENV === 'production' ? 'json' : 'pretty';
    createPinoLogger({ logLevel: 'log', logFormat }).error(error instanceof ConfigValidationError ? error.message : String(error), context);
    process.exit(1);
  }
  const logger = createPinoLogger(config);
  Logger.overrideLogger(logger);
  return { config, logger };
}

/**
 * Structured logs (pino): what each line is about as fields (`orderId`), one access line per request with its
 * request id (health checks excepted). Requests are logged by method, URL and address only: never their
 * headers (API keys travel there).
 */
@Global()
@Module({})
export class LoggingModule {
  /** The process's one logger (main.ts builds it before anything else logs), or one built from the config. */
  static forRoot(logger?: PinoLoggerService): DynamicModule {
    const provider = logger
      ? { provide: PinoLoggerService, useValue: logger }
      : { provide: PinoLoggerService, inject: [AppConfig], useFactory: createPinoLogger };
    return { module: LoggingModule, providers: [provider], exports: [PinoLoggerService] };
  }
}

/** The client's X-Request-Id when it sends a sane one, a new one otherwise (Fastify's request id; returned on the response). */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One access line per request (health checks excepted): its request id, method, URL, client address, status and
 * time, never its headers; the request id goes back as X-Request-Id.
 */
export function accessLog(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  if (!config.accessLog) return;
  const logger = app.get(PinoLoggerService);
  fastify.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/api/health')) return;
    logger.log(
      {
        msg: 'request completed',
        req: { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip },
        statusCode: reply.statusCode,
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'HTTP',
    );
  });
}
