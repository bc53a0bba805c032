import { Redis } from 'ioredis';
import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { getJson, postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { waitUntil } from './support/wait.js';
import { TestWsClient } from './support/ws-client.js';

const PREFIX = 'fleet';

/** One API process and two worker processes on one Redis and one PostgreSQL, as `npm run start:cluster` runs them. */
describe('several engine processes: 1 API + 2 workers', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let api: EngineProcess;
  const workers: EngineProcess[] = [];

  const env = (role: 'api' | 'worker') => ({
    ENGINE_ROLE: role,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: PREFIX,
    DATABASE_URL: schema.url,
    SIM_QUOTE_DELAY_MS: '0',
    SIM_SETTLE_DELAY_MS: '200-400',
    QUEUE_LOCK_DURATION_MS: '2000',
    QUEUE_STALLED_INTERVAL_MS: '1000',
    QUEUE_RATE_MAX: '100000',
    QUEUE_RATE_WINDOW_MS: '1000',
    ORDER_BACKOFF_MS: '100',
    PRICE_SAMPLE_MS: '0',
  });

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis({ persistent: true }), createTestSchema()]);
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((process) => process?.kill('SIGKILL')));
    await redis?.remove();
    await schema?.drop();
  });

  /** Submits `count` orders through the API and follows each on its own socket until it is terminal. */
  async function submitAndFollow(count: number): Promise<{ ids: string[]; clients: TestWsClient[] }> {
    const ids: string[] = [];
    const clients: TestWsClient[] = [];
    for (let i = 0; i < count; i++) {
      const { status, body } = await postJson(api.baseUrl, '/api/orders/execute', { ...SOL_USDC, amount: `0.${i + 1}` });
      expect(status).toBe(202);
      ids.push(body.orderId);
      clients.push(await TestWsClient.connect(body.wsUrl));
    }
    return { ids, clients };
  }

  /** Every order confirmed, and each with exactly one landed swap on the chain's ledger. */
  async function expectSettledOnce(ids: string[], clients: TestWsClient[]): Promise<void> {
    await Promise.all(clients.map((client, i) => client.waitForStatus(ids[i], 'confirmed', 45_000)));
    const chain = new Redis(redis.url);
    try {
      for (const id of ids) {
        const { body } = await getJson(api.baseUrl, `/api/orders/${id}`);
        expect(body.status).toBe('confirmed');
        const signatures = [...new Set<string>(body.events.filter((e: any) => e.status === 'submitted').map((e: any) => e.txHash))];
        const ledger = await Promise.all(signatures.map(async (sig) => JSON.parse((await chain.get(`{${PREFIX}}:sim-chain:tx:${sig}`)) ?? 'null')));
        expect(ledger.filter((entry) => entry?.status === 'landed')).toHaveLength(1);
        expect(body.events.filter((e: any) => e.status === 'confirmed')).toHaveLength(1);
      }
    } finally {
      chain.disconnect();
    }
  }

  it('boot together against an empty database: migrations run once, all three come up', async () => {
    const started = await Promise.all([startEngineProcess(env('api')), startEngineProcess(env('worker')), startEngineProcess(env('worker'))]);
    [api] = started;
    workers.push(...started.slice(1));
    const { ids, clients } = await submitAndFollow(3);
    await expectSettledOnce(ids, clients);
    expect(started.filter((p) => /applied migrations 1/.test(p.output()))).toHaveLength(1);
  }, 60_000);

  it('kill -9 of a worker mid-run: its orders are taken over by the other and settle exactly once', async () => {
    const { ids, clients } = await submitAndFollow(12);
    await waitUntil(() => clients.some((client, i) => client.statuses(ids[i]).includes('submitted')), 10_000, 'a swap in flight');
    await workers[0].kill('SIGKILL');
    await expectSettledOnce(ids, clients);
    // The killed worker's swaps in flight were expired and routed again by the survivor.
    expect(ids.filter((id, i) => clients[i].statuses(id).filter((s) => s === 'routing').length > 1).length).toBeGreaterThan(0);
    workers[0] = await startEngineProcess(env('worker'));
  }, 90_000);

  it('a Redis restart mid-run: every accepted order reaches a terminal state', async () => {
    const { ids, clients } = await submitAndFollow(8);
    await waitUntil(() => clients.some((client, i) => client.statuses(ids[i]).includes('submitted')), 10_000, 'a swap in flight');
    await redis.stop();
    await redis.restart();
    await expectSettledOnce(ids, clients);
  }, 90_000);

  it('SIGTERM of a worker: it drains its in-flight orders (no takeover, no retry) and exits 0', async () => {
    const { ids, clients } = await submitAndFollow(8);
    await waitUntil(() => clients.some((client, i) => client.statuses(ids[i]).includes('submitted')), 10_000, 'a swap in flight');
    expect(await workers[0].kill('SIGTERM')).toBe(0);
    await expectSettledOnce(ids, clients);
    for (const [i, id] of ids.entries()) expect(clients[i].statuses(id)).toEqual(['pending', 'routing', 'building', 'submitted', 'confirmed']);
    workers[0] = await startEngineProcess(env('worker'));
  }, 90_000);

  it('SIGTERM of the API: its WebSocket clients are closed with 1001 and it exits 0', async () => {
    const client = await TestWsClient.connect(`${api.wsBaseUrl}/api/orders/ws`);
    const closed = client.waitForClose();
    expect(await api.kill('SIGTERM')).toBe(0);
    expect(await closed).toBe(1001);
  }, 30_000);
});
