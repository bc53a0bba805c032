import { readFileSync } from 'node:fs';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the engine is started with its Node flags wherever it is started by hand', () => {
  it('in the start scripts that run dist/main.js', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'start:prod']) expect(scripts[name]).toContain(`node ${ENGINE_NODE_FLAGS.join(' ')} dist/main.js`);
  });

  it('in docker-compose.yml', () => {
    expect(read('docker-compose.yml')).toContain(`command: ['node', ${ENGINE_NODE_FLAGS.map((flag) => `'${flag}'`).join(', ')}, 'dist/main.js']`);
  });
});
