import { SimulatedExchange } from '../src/simulation/simulated-exchange.js';
import { TokenRegistry } from '../src/tokens/token-registry.js';
import { postJson } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { SettlementGate } from './support/settlement-gate.js';
import { TestWsClient } from './support/ws-client.js';

describe('a price move before landing', () => {
  const gate = new SettlementGate();
  const context = useEngine({ ORDER_BACKOFF_MS: '50' }, { settlement: gate });

  it('fails the attempt with SLIPPAGE_EXCEEDED, and the retry re-quotes at the new price and confirms', async () => {
    gate.close();
    const { body } = await postJson(context.engine.baseUrl, '/api/orders/execute', {
      type: 'market',
      inputToken: 'SOL',
      outputToken: 'USDC',
      amount: '20',
      slippageBps: 10,
    });
    const client = await TestWsClient.connect(body.wsUrl);
    await client.waitForStatus(body.orderId, 'submitted');
    await gate.holding(1); // our swap is in flight, and stays there until released

    // Another trader dumps SOL on every pool that takes SOL while our swap is in flight, whichever our route crossed.
    const exchange = context.engine.app.get(SimulatedExchange, { strict: false });
    const tokens = context.engine.app.get(TokenRegistry);
    const sol = tokens.resolve('SOL')!;
    const solPools = exchange.definitions().filter((pool) => pool.x.mint === sol.mint || pool.y.mint === sol.mint);
    expect(solPools.length).toBeGreaterThan(2);
    for (const pool of solPools) {
      const output = pool.x.mint === sol.mint ? pool.y : pool.x;
      const dumped = await exchange.land(
        `whale-${pool.id}-${body.orderId}`,
        [{ pool: pool.id, input: sol, output, amountIn: 5_000_000_000_000n, chained: false }],
        0n,
      );
      expect(dumped.status).toBe('landed');
    }
    gate.open();

    const confirmed: any = await client.waitForStatus(body.orderId, 'confirmed', 20_000);
    const events = client.events(body.orderId) as any[];
    expect(events.map((e) => e.status)).toEqual(['pending', 'routing', 'building', 'submitted', 'retrying', 'routing', 'building', 'submitted', 'confirmed']);
    const retry = events[4];
    expect(retry).toMatchObject({ attempt: 1, attemptsLeft: 2, error: { code: 'SLIPPAGE_EXCEEDED' } });
    const [firstRoute, secondRoute] = [events[1], events[5]];
    expect(secondRoute.attempt).toBe(2);
    expect(BigInt(secondRoute.route.amountOut)).toBeLessThan(BigInt(firstRoute.route.amountOut));
    expect(BigInt(confirmed.amountOut)).toBeGreaterThanOrEqual(BigInt(events[6].minAmountOut));
    expect(confirmed.attempt).toBe(2);
  });
});
