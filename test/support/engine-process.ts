import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface EngineProcess {
  readonly baseUrl: string;
  readonly wsBaseUrl: string;
  readonly child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The built engine in its own process, as a user runs it; resolves once it answers HTTP. */
export async function startEngineProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<EngineProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    // An explicit environment: a DATABASE_URL or REDIS_URL in the developer's shell must not leak in.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`engine exited with ${child.exitCode}:\n${output}`);
    if (await answers(`${baseUrl}/api/health`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await answers(`${baseUrl}/api/health`))) {
    child.kill('SIGKILL');
    throw new Error(`engine did not start within ${timeoutMs} ms:\n${output}`);
  }
  return {
    baseUrl,
    wsBaseUrl: `ws://127.0.0.1:${port}`,
    child,
    output: () => output,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
