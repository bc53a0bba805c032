import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { createApp, logLevelsUpTo } from './app.setup.js';
import { AppConfig } from './config/app-config.js';
import { ConfigValidationError, loadConfig } from './config/environment.js';
import { ShutdownState } from './health/shutdown-state.js';
import { ensureLocalServices } from './local-services/local-services.js';

// The engine's live heap is small (≈ 50–60 MB under load) but it allocates fast, and V8 then lets the old
// generation grow to about 4× the live heap before collecting it: ≈ 330 MB RSS after 20,000 orders. Growing
// by 40% at most keeps it under 200 MB at no measurable cost in throughput (docs/performance.md).
// A --heap-growing-percent given on the command line wins.
if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=40');

/** For the lines that say where the engine is: printed whatever LOG_LEVEL is. */
const always = new ConsoleLogger('Bootstrap', { logLevels: ['log'] });

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadOrExit(logger);
  Logger.overrideLogger(logLevelsUpTo(config.logLevel));
  const services = await ensureLocalServices(config);
  const app = await createApp(services.config);
  stopOnSignals(config.shutdownTimeoutMs, async () => {
    app.get(ShutdownState).begin();
    await app.close();
    await services.stop();
  });
  const say = (line: string) => (config.logFormat === 'json' ? jsonLine(line) : always.log(line));
  if (config.role === 'worker') {
    await app.init();
    say('order execution worker running (ENGINE_ROLE=worker: no HTTP)');
    return;
  }
  // A deep accept backlog: a burst of new connections is answered (202 or 503), not left in SYN retries.
  await app.listen({ port: config.http.port, host: config.http.host, backlog: 4096 });
  say(listeningLine(app.getHttpServer().address() as AddressInfo, config.role));
}

/** The lines printed at every LOG_LEVEL, as a JSON line like pino's when the logs are JSON. */
function jsonLine(msg: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, context: 'Bootstrap', msg })}\n`);
}

/**
 * The one line that says where the engine is, printed whatever LOG_LEVEL is:
 * the address actually bound, and the URLs to open.
 */
function listeningLine(address: AddressInfo, role: string): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const local = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : host;
  const line =
    `order execution engine (${role}) listening on http://${host}:${address.port} — ` +
    `dashboard http://${local}:${address.port}/, OpenAPI http://${local}:${address.port}/docs, ` +
    `REST /api/orders, WebSocket /api/orders/ws`;
  return line;
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

function loadOrExit(logger: Logger): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    logger.error(error instanceof ConfigValidationError ? error.message : String(error));
    process.exit(1);
  }
}

void bootstrap().catch((error: Error) => {
  new Logger('Bootstrap').error(error.stack ?? error.message);
  process.exit(1);
});
