import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../../src/cli/engine-node-flags.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface EngineProcess {
  /** Set for processes that serve HTTP (ENGINE_ROLE all or api). */
  readonly baseUrl: string;
  readonly wsBaseUrl: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

const LISTENING = /listening on http:\/\/[^:]+:(\d+)/;
const WORKER_RUNNING = 'order execution worker running';

/**
 * The built engine in its own process, as a user runs it, with an explicit
 * environment (a DATABASE_URL or REDIS_URL in the developer's shell must not
 * leak in). It binds port 0; this resolves once the process says it is
 * listening (and on which port) or, for a worker, that its worker runs.
 */
export async function startEngineProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<EngineProcess> {
  const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, MAIN], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'log', CHAIN: 'paper', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));
  const port = await new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`engine did not start within ${timeoutMs} ms:\n${output}`))), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = LISTENING.exec(output);
      if (!listening && !output.includes(WORKER_RUNNING)) return;
      clearTimeout(timer);
      resolve(listening ? Number(listening[1]) : undefined);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`engine exited (${code}) before it was ready:\n${output}`))));
  });
  return {
    baseUrl: port ? `http://127.0.0.1:${port}` : '',
    wsBaseUrl: port ? `ws://127.0.0.1:${port}` : '',
    child,
    exited,
    output: () => output,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
