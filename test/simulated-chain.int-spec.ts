import { Redis } from 'ioredis';
import { RedisConnections } from '../src/redis/redis-connections.js';
import { SimulatedChain } from '../src/simulation/simulated-chain.js';
import type { PoolState } from '../src/simulation/pool-state.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { testConfig } from './support/test-app.js';

const cpmm = (reserveX: bigint): PoolState => ({ kind: 'cpmm', pool: { reserveX, reserveY: 1_000_000n, feePpb: 2_500_000n } });
const created = () => ({ state: cpmm(1_000n), updatedAt: 0 });

describe('the simulated chain: pool reads', () => {
  let redis: TestRedis;
  let connections: RedisConnections[];
  let admin: Redis;

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = new Redis(redis.url);
  });
  beforeEach(() => (connections = []));
  afterEach(async () => Promise.all(connections.map((c) => c.onApplicationShutdown())));
  afterAll(async () => {
    admin.disconnect();
    await redis.remove();
  });

  /** A process's view of the chain (its own connection and pool cache), under one key prefix per test. */
  const process = (prefix: string) => {
    const shared = new RedisConnections(testConfig(redis.url, { REDIS_KEY_PREFIX: prefix }));
    connections.push(shared);
    return new SimulatedChain(shared);
  };
  const mgetCalls = async () => Number(/cmdstat_mget:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
  const reserveX = (state: PoolState) => (state.kind === 'cpmm' ? state.pool.reserveX : undefined);

  it('answers the reads made together with one MGET, each with the versions of its own pools', async () => {
    const chain = process('together');
    await chain.readPools(['a', 'b', 'c'], created);
    const before = await mgetCalls();
    const [ab, bc, ca] = await Promise.all([chain.readPools(['a', 'b'], created), chain.readPools(['b', 'c'], created), chain.readPools(['c', 'a'], created)]);
    expect((await mgetCalls()) - before).toBe(1);
    expect([...ab.keys()]).toEqual(['a', 'b']);
    expect([...bc.keys()]).toEqual(['b', 'c']);
    expect([...ca.keys()]).toEqual(['c', 'a']);
    expect([ab, bc, ca].flatMap((pools) => [...pools.values()].map((pool) => pool.version))).toEqual(['1', '1', '1', '1', '1', '1']);
  });

  it('sees a landing made by another process in every read made after it', async () => {
    const [here, there] = [process('landed'), process('landed')];
    await here.readPools(['a', 'b'], created);
    await there.readPools(['b'], created);
    await expect(there.land([], [{ poolId: 'b', expectedVersion: '1', state: cpmm(5_000n) }], 1)).resolves.toEqual({ landed: true });
    const [ab, b] = await Promise.all([here.readPools(['a', 'b'], created), here.readPools(['b'], created)]);
    expect(ab.get('a')!.version).toBe('1');
    for (const pools of [ab, b]) {
      expect(pools.get('b')!.version).toBe('2');
      expect(reserveX(pools.get('b')!.state)).toBe(5_000n);
    }
  });
});
