import { LocalServiceError } from './local-service.error.js';
import { spawnSync } from 'node:child_process';
import { Logger } from '@nestjs/common';

const hasRedisServer = (): boolean => !spawnSync('redis-server', ['--version']).error;

/**
 * Makes sure `redis-server` is on PATH. On Debian as root it installs the
 * distribution's package (what a fresh machine needs for `npm start`);
 * elsewhere it explains how to get one.
 */
export function ensureRedisServerInstalled(logger = new Logger('EmbeddedRedis')): void {
  if (hasRedisServer()) return;
  const canApt = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version']).error;
  if (!canApt) {
    throw new LocalServiceError(
      'redis-server is not installed and REDIS_URL is not set. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; ' +
        'macOS: brew install redis), run `docker compose up -d redis` and set REDIS_URL=redis://localhost:6379, or set REDIS_URL.',
    );
  }
  logger.log('redis-server is not installed: installing the Debian package (apt-get install -y redis-server)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'redis-server'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new LocalServiceError(`apt-get ${args.join(' ')} failed with status ${result.status}`);
  }
  if (!hasRedisServer()) throw new LocalServiceError('redis-server is still not on PATH after installing it');
}
