import type { AppConfig } from '../config/app-config.js';
import { OverloadedError, RateLimitedError, ShuttingDownError } from '../common/errors/request.errors.js';
import { ShutdownState } from '../health/shutdown-state.js';
import type { EngineMetrics } from '../metrics/engine-metrics.service.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.service.js';
import { SubmitAdmission } from './submit-admission.js';

function admission(options: { budget?: boolean } = {}) {
  const outcomes: string[] = [];
  const spent: string[] = [];
  const shutdown = new ShutdownState();
  const limits = {
    limits: () => options.budget ?? false,
    spend: async (_kind: string, caller: string) => {
      spent.push(caller);
      if (caller === 'ip:over') throw new RateLimitedError('submit', { limit: 1, remaining: 0, resetSeconds: 30 });
    },
  } as unknown as RateLimiter;
  const metrics = { submitSeconds: { observe: ({ outcome }: { outcome: string }) => outcomes.push(outcome) } } as unknown as EngineMetrics;
  const gate = new SubmitAdmission({ maxInflightSubmits: 2 } as AppConfig, shutdown, limits, metrics);
  return { gate, outcomes, spent, shutdown };
}

/** A submit that stays in flight until released. */
function held<T>(value: T) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { work: () => released.then(() => value), release };
}

describe('SubmitAdmission', () => {
  it('refuses a submit past MAX_INFLIGHT_SUBMITS at once, without running it, and admits again once one settles', async () => {
    const { gate, outcomes } = admission();
    const [first, second] = [held('a'), held('b')];
    const running = [gate.admit('ip:1', first.work), gate.admit('ip:1', second.work)];
    let ran = false;
    await expect(gate.admit('ip:1', async () => (ran = true))).rejects.toBeInstanceOf(OverloadedError);
    expect(ran).toBe(false);
    first.release();
    await expect(running[0]).resolves.toBe('a');
    await expect(gate.admit('ip:1', async () => 'c')).resolves.toBe('c');
    second.release();
    await expect(running[1]).resolves.toBe('b');
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('a failed submit (bad input) frees its slot and is counted as refused', async () => {
    const { gate, outcomes } = admission();
    for (let i = 0; i < 3; i++) {
      await expect(
        gate.admit('ip:1', () => {
          throw new Error('amount: isPositive');
        }),
      ).rejects.toThrow('isPositive');
    }
    await expect(gate.admit('ip:1', async () => 'ok')).resolves.toBe('ok');
    expect(outcomes).toEqual(['refused', 'refused', 'refused', 'accepted']);
  });

  it("spends the caller's submit budget first when there is one, and runs nothing past it", async () => {
    const { gate, spent } = admission({ budget: true });
    await expect(gate.admit('key:alice', async () => 'placed')).resolves.toBe('placed');
    let ran = false;
    await expect(gate.admit('ip:over', async () => (ran = true))).rejects.toBeInstanceOf(RateLimitedError);
    expect(ran).toBe(false);
    expect(spent).toEqual(['key:alice', 'ip:over']);
  });

  it('refuses every submit once the process is shutting down', async () => {
    const { gate, shutdown } = admission();
    shutdown.begin();
    await expect(gate.admit('ip:1', async () => 'late')).rejects.toBeInstanceOf(ShuttingDownError);
  });
});
