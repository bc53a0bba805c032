import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.setup.js';
import type { AppConfig } from './config/app-config.js';
import { ShutdownState } from './health/shutdown-state.js';
import { LocalServiceError } from './local-services/local-service.error.js';
import { ensureLocalServices, type LocalServices } from './local-services/local-services.js';
import { configureOrExit } from './logging/logging.module.js';
import type { PinoLoggerService } from './logging/pino-logger.service.js';

// The old generation may grow by 40% of the live heap before a collection (V8's default lets it reach about
// 4× the live heap): RSS stays under 200 MB under load at no measurable cost (docs/performance.md). A
// --heap-growing-percent given on the command line wins.
if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=40');

async function bootstrap(): Promise<void> {
  // One logger, one format, from the first line to the last.
  const { config, logger } = configureOrExit(process.env, 'Bootstrap');
  const started: { app?: NestFastifyApplication; services?: LocalServices } = {};
  // Listening before anything starts: a Ctrl-C while the local services start still stops them.
  const shutdown = new GracefulShutdown(config.shutdownTimeoutMs, async () => {
    started.app?.get(ShutdownState).begin();
    await started.app?.close();
    await started.services?.stop();
  });
  const services = (started.services = await ensureLocalServices(config));
  if (shutdown.servicesStarted()) return;
  try {
    started.app = await createApp(services.config, logger);
    await start(started.app, config, logger);
  } catch (error) {
    await failedBoot(error as Error, started.app, services);
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
 * (Redis or the database unreachable): what did not finish is taken over after the restart. A signal that
 * comes while the local services are starting is acted on as soon as they have started.
 */
class GracefulShutdown {
  private readonly logger = new Logger('Bootstrap');
  private requested = false;
  private stopping = false;
  private servicesUp = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly stop: () => Promise<void>,
  ) {
    process.on('SIGTERM', (signal) => this.onSignal(signal));
    process.on('SIGINT', (signal) => this.onSignal(signal));
  }

  /** The local services are up; true when a signal came meanwhile (the shutdown has begun). */
  servicesStarted(): boolean {
    this.servicesUp = true;
    if (this.requested) this.begin();
    return this.requested;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.requested) return;
    this.requested = true;
    this.logger.log(`${signal}: shutting down`);
    if (this.servicesUp) this.begin();
  }

  private begin(): void {
    if (this.stopping) return;
    this.stopping = true;
    setTimeout(() => {
      this.logger.warn(`shutdown still waiting after ${this.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): exiting now`);
      process.exit(1);
    }, this.timeoutMs).unref();
    this.stop().then(
      () => process.exit(0),
      (error: Error) => {
        this.logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  }
}

void bootstrap().catch((error: Error) => {
  new Logger('Bootstrap').error(error instanceof LocalServiceError ? error.message : (error.stack ?? error.message));
  process.exit(1);
});
