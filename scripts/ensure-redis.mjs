#!/usr/bin/env node
// Makes sure `redis-server` is installed when the engine or its tests will need
// to start one (no REDIS_URL, or `--always` for the tests). On Debian as root it
// installs the package; elsewhere it says what to do.
import { spawnSync } from 'node:child_process';

const always = process.argv.includes('--always');
const hasRedisServer = () => !spawnSync('redis-server', ['--version']).error;

if ((always || !process.env.REDIS_URL) && !hasRedisServer()) {
  const canApt = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version']).error;
  if (!canApt) {
    console.error(
      'redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis),\n' +
        'or run `docker compose up -d redis` and set REDIS_URL=redis://localhost:6379.',
    );
    process.exit(1);
  }
  console.log('redis-server is not installed: installing the Debian package (apt-get install -y redis-server)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'redis-server']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  if (!hasRedisServer()) {
    console.error('redis-server is still not on PATH after installing it.');
    process.exit(1);
  }
}
