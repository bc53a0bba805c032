import type { ChildProcess } from 'node:child_process';

/** How long a child gets to stop on `signal` before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Stops a child process we started and resolves once it has exited. One that does not stop within
 * STOP_GRACE_MS is killed (a redis-server whose directory was removed refuses to exit: it cannot save).
 */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    child.once('exit', () => (clearTimeout(timer), resolveStop()));
    child.kill(signal);
  });
}
