import { Redis } from 'ioredis';
import { postJson, SOL_USDC } from './support/http.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { createTestSchema, type TestSchema } from './support/database.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { TestWsClient } from './support/ws-client.js';

describe('an accepted order survives a crash of the engine', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: EngineProcess | undefined;

  beforeAll(async () => {
    redis = await startTestRedis();
    schema = await createTestSchema();
  });

  afterAll(async () => {
    await engine?.kill();
    await redis?.remove();
    await schema?.drop();
  });

  const env = (settleDelay: string) => ({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'crash',
    DATABASE_URL: schema.url,
    SIM_QUOTE_DELAY_MS: '0',
    SIM_SETTLE_DELAY_MS: settleDelay,
    QUEUE_LOCK_DURATION_MS: '2000',
    QUEUE_STALLED_INTERVAL_MS: '1000',
  });

  it('killed with SIGKILL while a swap is in flight: the restarted engine expires that swap and settles the order once', async () => {
    engine = await startEngineProcess(env('60000'));
    const { body } = await postJson(engine.baseUrl, '/api/orders/execute', SOL_USDC);
    const watcher = await TestWsClient.connect(body.wsUrl);
    const inFlight: any = await watcher.waitForStatus(body.orderId, 'submitted');
    await engine.kill('SIGKILL');

    engine = await startEngineProcess(env('0'));
    const late = await TestWsClient.connect(`${engine.wsBaseUrl}/api/orders/ws/${body.orderId}`);
    const confirmed: any = await late.waitForStatus(body.orderId, 'confirmed', 30_000);

    const statuses = late.statuses(body.orderId);
    expect(statuses.slice(0, 4)).toEqual(['pending', 'routing', 'building', 'submitted']);
    expect(statuses.slice(4)).toEqual(['routing', 'building', 'submitted', 'confirmed']);
    expect(confirmed.txHash).not.toBe(inFlight.txHash);

    const chain = new Redis(redis.url);
    const ledger = async (sig: string) => JSON.parse((await chain.get(`{crash}:sim-chain:tx:${sig}`)) ?? 'null');
    expect(await ledger(inFlight.txHash)).toEqual({ status: 'expired' });
    expect(await ledger(confirmed.txHash)).toMatchObject({ status: 'landed', amountOut: confirmed.amountOut });
    chain.disconnect();
  }, 90_000);
});
