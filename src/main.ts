import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, logLevelsUpTo } from './app.setup.js';
import { AppConfig } from './config/app-config.js';
import { ConfigValidationError, loadConfig } from './config/environment.js';
import { ensureLocalRedis } from './redis/embedded-redis.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadOrExit(logger);
  Logger.overrideLogger(logLevelsUpTo(config.logLevel));
  const redis = config.redis.url ? undefined : await ensureLocalRedis(config.redis.embeddedPort, config.dataDir);
  const app = await createApp(new AppConfig({ ...config, redis: { ...config.redis, url: config.redis.url ?? redis!.url } }));
  if (redis) app.getHttpServer().once('close', () => void redis.stop());
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  logger.log(`order execution engine listening on ${url.replace('[::1]', 'localhost')} (REST /api/orders, WebSocket /api/orders/ws)`);
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
