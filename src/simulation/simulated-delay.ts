import type { DelayRange } from '../config/delay-range.js';
import type { RandomSource } from '../common/random.js';

/**
 * Waits a simulated network latency drawn from `range`. A zero range returns
 * an already-resolved promise so that benchmarks pay no timer at all.
 */
export function simulatedDelay(range: DelayRange, random: RandomSource, signal?: AbortSignal): Promise<void> {
  if (range.maxMs === 0) return Promise.resolve();
  const ms = Math.round(range.minMs + (range.maxMs - range.minMs) * random());
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
