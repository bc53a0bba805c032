import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.setup.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigValidationError, loadConfig } from './config/environment.js';
import { ShutdownState } from './health/shutdown-state.js';
import { LocalServiceError } from './local-services/local-service.error.js';
import { ensureLocalServices, type LocalServices } from './local-services/local-services.js';
import { createPinoLogger } from './logging/logging.module.js';
import type { PinoLoggerService } from './logging/pino-logger.service.js';

// The old generation may grow by 40% of the live heap before a collection (V8's default lets it reach about
// 4× the live heap): RSS stays under 200 MB under load at no measurable cost (docs/performance.md). A
// --heap-growing-percent given on the command line wins.
if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=40');

async function bootstrap(): Promise<void> {
  const config = loadOrExit();
  // One logger, one format, from the first line to the last.
  const logger = createPinoLogger(config);
  Logger.overrideLogger(logger);
  const services = await ensureLocalServices(config);
  let app: NestFastifyApplication | undefined;
  stopOnSignals(config.shutdownTimeoutMs, async () => {
    app?.get(ShutdownState).begin();
    await app?.close();
    await services.stop();
  });
  try {
    app = await createApp(services.config, logger);
    await start(app, config, logger);
  } catch (error) {
    await failedBoot(error as Error, app, services);
  }
}

async function start(app: NestFastifyApplication, config: AppConfig, logger: PinoLoggerService): Promise<void> {
  if (config.role === 'worker') {
    await app.init();
    logger.announce('order execution worker running (ENGINE_ROLE=worker: no HTTP)', 'Bootstrap');
    return;
  }
  // A deep accept backlog: a burst of new connections is answered (202 or 503), not left in SYN retries.
  await app.listen({ port: config.http.port, host: config.http.host, backlog: 4096 });
  logger.announce(listeningLine(app.getHttpServer().address() as AddressInfo, config.role), 'Bootstrap');
}

/** A boot that failed stops what it started (the app, the local services) before the process exits. */
async function failedBoot(error: Error, app: NestFastifyApplication | undefined, services: LocalServices): Promise<never> {
  const logger = new Logger('Bootstrap');
  logger.error(`the engine did not start: ${error.stack ?? error.message}`);
  await app?.close().catch(() => undefined);
  await services.stop().catch((e: Error) => logger.error(`stopping the local services failed: ${e.message}`));
  process.exit(1);
}

/** Where the engine is: the address actually bound, and the URLs to open. */
function listeningLine(address: AddressInfo, role: string): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const local = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : host;
  return (
    `order execution engine (${role}) listening on http://${host}:${address.port} — ` +
    `dashboard http://${local}:${address.port}/, OpenAPI http://${local}:${address.port}/docs, ` +
    `REST /api/orders, WebSocket /api/orders/ws`
  );
}

/**
 * SIGTERM / SIGINT: close the app (readiness false and submits refused first, then workers drain and sockets
 * close with 1001), then the services this process started; exit within SHUTDOWN_TIMEOUT_MS whatever hangs
 * (Redis or the database unreachable): what did not finish is taken over after the restart.
 */
function stopOnSignals(timeoutMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const logger = new Logger('Bootstrap');
    logger.log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.warn(`shutdown still waiting after ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): exiting now`);
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** The validated configuration; an invalid one is reported (in the format LOG_FORMAT asks for, if it can tell) and the process exits. */
function loadOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    const production = process.env.NODE_ENV === 'production';
    const logFormat = process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'pretty' ? process.env.LOG_FORMAT : production ? 'json' : 'pretty';
    createPinoLogger({ logLevel: 'log', logFormat }).error(error instanceof ConfigValidationError ? error.message : String(error), 'Bootstrap');
    process.exit(1);
  }
}

void bootstrap().catch((error: Error) => {
  new Logger('Bootstrap').error(error instanceof LocalServiceError ? error.message : (error.stack ?? error.message));
  process.exit(1);
});
