#!/usr/bin/env node
// `npm start`: the one command that runs the engine on a fresh machine.
// It installs redis-server if needed, builds if the build is missing or stale,
// then runs the engine (which starts its own Redis and embedded PostgreSQL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [join(root, 'scripts/ensure-redis.mjs')]);

const main = join(root, 'dist/main.js');
if (!existsSync(main) || newestMtime(join(root, 'src')) > statSync(main).mtimeMs) {
  console.log('building the engine (nest build)…');
  run(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build']);
}

const engine = spawn(process.execPath, [main], { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => engine.kill(signal));
engine.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function newestMtime(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);
}
