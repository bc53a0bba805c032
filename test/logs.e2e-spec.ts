import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { waitUntil } from './support/wait.js';

const KEY = 'logs-key-0123456789abcdef';

/** The engine as deployed (its own process, NODE_ENV=production): what its log lines look like. */
describe('structured logs', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: EngineProcess;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
    engine = await startEngineProcess({
      NODE_ENV: 'production',
      API_KEYS: `desk:${KEY}`,
      REDIS_URL: redis.url,
      DATABASE_URL: schema.url,
      REDIS_KEY_PREFIX: `logs${Date.now()}`,
      SIM_QUOTE_DELAY_MS: '0',
      SIM_SETTLE_DELAY_MS: '0',
      PRICE_SAMPLE_MS: '0',
    });
  });
  afterAll(async () => {
    await engine?.kill('SIGKILL');
    await redis?.remove();
    await schema?.drop();
  });

  const jsonLines = () =>
    engine
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>);

  it('at the default level the boot says what an operator needs, in one format, the listening line last', () => {
    const output = engine.output().trim().split('\n');
    const listening = output.findIndex((line) => line.includes('listening on http://'));
    const boot = output.slice(0, listening + 1);
    // Every line JSON (one format from the first line), none of Nest's wiring (modules, routes, messages) at this level.
    const lines = boot.map((line) => JSON.parse(line) as { level: number; context: string; msg: string });
    expect(
      lines.filter((line) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory'].includes(line.context)),
    ).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^PostgreSQL at .*(applied migrations|schema up to date)/),
      '1 API key(s): desk',
      expect.stringMatching(/listening on http:\/\/.*dashboard http:\/\/.*\/docs/),
    ]);
  });

  it('are JSON lines in production: an access line per request with its request id (taken or made, and returned), orderId on order lines, no keys', async () => {
    const given = await fetch(`${engine.baseUrl}/api/orders/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'x-request-id': 'client-req-42' },
      body: JSON.stringify(SOL_USDC),
    });
    expect(given.headers.get('x-request-id')).toBe('client-req-42');
    const { orderId } = (await given.json()) as { orderId: string };
    const made = await fetch(`${engine.baseUrl}/api/orders/${orderId}`, { headers: { 'x-api-key': KEY } });
    const madeId = made.headers.get('x-request-id');
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

    await waitUntil(() => jsonLines().some((line) => line.req?.id === madeId), 5_000, 'the access line of the second request');
    // The order is routed by the worker, not within either request: its line comes when it comes.
    await waitUntil(() => jsonLines().some((line) => line.msg === 'route chosen' && line.orderId === orderId), 10_000, "the order's route line");
    const lines = jsonLines();
    expect(lines.length).toBeGreaterThan(5);
    const access = lines.find((line) => line.req?.id === 'client-req-42');
    expect(access).toMatchObject({
      level: 30,
      req: { method: 'POST', url: '/api/orders/execute' },
      statusCode: 202,
      responseTime: expect.any(Number),
    });
    expect(lines.find((line) => line.orderId === orderId && /accepted/.test(line.msg))).toMatchObject({ owner: 'desk', context: 'OrdersService' });
    expect(lines.find((line) => line.msg === 'route chosen' && line.orderId === orderId)).toMatchObject({ context: 'DexRouter', pair: 'SOL/USDC' });
    expect(lines.some((line) => /listening on http/.test(line.msg))).toBe(true);
    expect(engine.output()).not.toContain(KEY);
    expect(lines.some((line) => line.req?.url?.startsWith('/api/health'))).toBe(false);
  });
});
