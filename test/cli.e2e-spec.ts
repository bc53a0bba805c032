import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useEngine } from './support/test-app.js';

const DEMO = fileURLToPath(new URL('../dist/cli/demo.js', import.meta.url));
const BENCH = fileURLToPath(new URL('../dist/cli/bench.js', import.meta.url));

/** Runs the built demo CLI with `args`; resolves with its exit code and output. */
const demo = (...args: string[]) => run(DEMO, args);

/** Runs a built CLI with `args`; resolves with its exit code and output. */
function run(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench', () => {
  it('prints its usage for --help instead of starting a run of several minutes', async () => {
    const { code, output } = await run(BENCH, ['--help']);
    expect(code).toBe(0);
    expect(output).toContain('Usage: npm run bench');
    expect(output).toContain('--processes api=1,worker=2');
  });
});

describe('npm run demo', () => {
  const context = useEngine();

  it('prints its usage for --help without connecting anywhere', async () => {
    const { code, output } = await demo('--help', '--url', 'http://127.0.0.1:1');
    expect(code).toBe(0);
    expect(output).toContain('Usage: npm run demo');
  });

  it('refuses a --count that is not a whole number, saying why, with a non-zero exit', async () => {
    for (const count of ['abc', '0', '2.5']) {
      const { code, output } = await demo('--count', count);
      expect(code).toBe(2);
      expect(output).toContain(`--count must be a whole number ≥ 1 (got "${count}")`);
    }
  });

  it('takes a --url without a scheme and streams its orders to a terminal status', async () => {
    const { code, output } = await demo('--url', context.engine.baseUrl.replace('http://', ''), '--count', '2');
    expect(output).toContain('all 2 orders reached a terminal status');
    expect(code).toBe(0);
  }, 30_000);

  it('--type limit: the orders rest, the demo moves the market, and they fill at their limits', async () => {
    const { code, output } = await demo('--url', context.engine.baseUrl, '--count', '2', '--type', 'limit');
    expect(output).toMatch(/#1 \w+ waiting/);
    expect(output).toContain('market moves');
    expect(output).toMatch(/#2 \w+ confirmed/);
    expect(output).toContain('all 2 orders reached a terminal status');
    expect(code).toBe(0);
  }, 30_000);

  it('--type sniper: the orders rest on a token that does not exist, the demo launches it, and they buy', async () => {
    const { code, output } = await demo('--url', context.engine.baseUrl, '--count', '3', '--type', 'sniper');
    expect(output).toMatch(/#1 \w+ waiting\s+no venue lists the pair yet/);
    expect(output).toContain('launch: DEMO');
    for (const n of [1, 2, 3]) expect(output).toMatch(new RegExp(`#${n} \\w+ confirmed\\s+[\\d.]+ DEMO`));
    expect(output).toMatch(/launch → last sniper order confirmed: \d+ ms/);
    expect(output).toContain('all 3 orders reached a terminal status');
    expect(code).toBe(0);
  }, 30_000);

  it('refuses an unknown --type', async () => {
    const { code, output } = await demo('--type', 'stop');
    expect(code).toBe(2);
    expect(output).toContain('--type must be one of: market, limit, sniper (got "stop")');
  });

  it('refuses a --url with another scheme', async () => {
    const { code, output } = await demo('--url', 'ftp://example.com');
    expect(code).toBe(2);
    expect(output).toContain('--url must be an http:// or https:// URL');
  });
});

describe('npm run demo against an engine with API keys', () => {
  const KEY = 'demo-key-0123456789abcdef';
  const context = useEngine({ API_KEYS: `demo:${KEY}` });

  it('says the engine refused it without a key, and runs with --api-key', async () => {
    const refused = await demo('--url', context.engine.baseUrl, '--count', '1');
    expect(refused.output).toContain('refused (401)');
    expect(refused.code).toBe(1);
    const { code, output } = await demo('--url', context.engine.baseUrl, '--count', '2', '--api-key', KEY);
    expect(output).toContain('all 2 orders reached a terminal status');
    expect(code).toBe(0);
  }, 30_000);
});

describe('npm run follow', () => {
  const context = useEngine();
  const FOLLOW = fileURLToPath(new URL('../dist/cli/follow.js', import.meta.url));

  it("prints an order's events as JSON lines, in a script, and exits 0 once it is confirmed (3 when it ends otherwise)", async () => {
    const post = (body: object) =>
      fetch(`${context.engine.baseUrl}/api/orders/execute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ orderId: string }>);
    const { orderId } = await post({ type: 'market', side: 'buy', inputToken: 'SOL', outputToken: 'USDC', amount: 1 });
    const confirmed = await run(FOLLOW, [orderId, '--url', context.engine.baseUrl]);
    expect(confirmed.code).toBe(0);
    const statuses = confirmed.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((frame) => frame.event === 'order.status')
      .map((frame) => frame.data.status);
    expect(statuses).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);

    const resting = await post({ type: 'limit', side: 'sell', inputToken: 'SOL', outputToken: 'USDC', amount: 1, limitPrice: '100000' });
    const following = run(FOLLOW, [resting.orderId, '--url', context.engine.baseUrl]);
    await fetch(`${context.engine.baseUrl}/api/orders/${resting.orderId}`, { method: 'DELETE' });
    expect((await following).code).toBe(3);
  }, 30_000);

  it('says how to use it, exit 2, without an order id', async () => {
    const { code, output } = await run(FOLLOW, []);
    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run -s follow -- <orderId>');
  });
});
