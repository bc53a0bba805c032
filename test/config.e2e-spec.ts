import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Boots the built engine with exactly `env` (nothing from the developer's shell); resolves with its exit code and output. */
function boot(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('a bad configuration at boot', () => {
  it('names every bad variable and exits non-zero before starting anything', async () => {
    const bad = { PORT: 'eighty', QUEUE_CONCURRENCY: '0', REDIS_URL: 'http://x', SIM_SETTLE_DELAY_MS: '3000-2000', EXTRA_TOKENS: '[{}]', LOG_LEVEL: 'loud' };
    const { code, output } = await boot(bad);
    expect(code).not.toBe(0);
    for (const name of Object.keys(bad)) expect(output).toContain(name);
    expect(output).not.toMatch(/started (redis-server|PostgreSQL)/);
  }, 15_000);

  it("names DATA_DIR when it cannot hold the embedded services' data, and exits non-zero", async () => {
    const { code, output } = await boot({ DATA_DIR: '/dev/null/data' });
    expect(code).not.toBe(0);
    expect(output).toContain('DATA_DIR "/dev/null/data" is not a writable directory');
  }, 15_000);
});
