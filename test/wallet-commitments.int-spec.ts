import { Redis } from 'ioredis';
import { RedisConnections } from '../src/redis/redis-connections.js';
import { COMMITMENT_TTL_MS, WalletCommitments } from '../src/wallets/wallet-commitments.service.js';
import type { WalletHoldings } from '../src/wallets/spendable-funds.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { testConfig } from './support/test-app.js';

const WALLET = 'wallet-a';
const USDC = 'usdc-mint';
const needs = (tokens: bigint) => ({ lamports: 10n, mint: USDC, tokens });

/** What wallets commit, across processes sharing one Redis (each "process" has its own connection). */
describe('wallet commitments', () => {
  let redis: TestRedis;
  let connections: RedisConnections[];

  beforeAll(async () => (redis = await startTestRedis()));
  beforeEach(() => (connections = []));
  afterEach(async () => Promise.all(connections.map((c) => c.onApplicationShutdown())));
  afterAll(async () => redis.remove());

  const process = (prefix: string) => {
    const shared = new RedisConnections(testConfig(redis.url, { REDIS_KEY_PREFIX: prefix }));
    connections.push(shared);
    return new WalletCommitments(shared);
  };
  /** A wallet on a network: what it holds, lowered when one of its transactions lands. */
  const network = (tokens: bigint) => {
    const held = { lamports: 1_000n, tokens };
    return { held, read: async (): Promise<WalletHoldings> => ({ ...held }) };
  };

  it('two processes at once, a wallet that pays for only one order: exactly one commits, the other waits for it to settle', async () => {
    const [here, there] = [process('race'), process('race')];
    const chain = network(100n);
    const outcomes = [here.commit(WALLET, 'a', needs(60n), chain.read), there.commit(WALLET, 'b', needs(60n), chain.read)];
    const first = await Promise.race(outcomes.map((outcome, i) => outcome.then(() => i)));
    expect(await outcomes[first]).toEqual({ kind: 'enough' });
    // The other one waits (it may be recorded for a moment, then taken back once it sees the first one ahead of it).
    let otherSettled = false;
    void outcomes[1 - first].finally(() => (otherSettled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(otherSettled).toBe(false);
    expect([...(await here.of(WALLET)).keys()]).toEqual([first === 0 ? 'a' : 'b']);
    // The first lands: the network shows what it spent, then its commitment is released.
    chain.held.tokens -= 60n;
    await (first === 0 ? here : there).release(first === 0 ? 'a' : 'b');
    expect(await outcomes[1 - first]).toEqual({ kind: 'short', symbol: 'token', needed: 60n, holds: 40n });
    expect((await here.of(WALLET)).size).toBe(0);
  });

  it('the waiting order goes once the first one never lands (released with the balance unchanged)', async () => {
    const commitments = process('released');
    const chain = network(100n);
    expect(await commitments.commit(WALLET, 'a', needs(60n), chain.read)).toEqual({ kind: 'enough' });
    let settled = false;
    const second = commitments.commit(WALLET, 'b', needs(60n), chain.read).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await commitments.release('a');
    expect(await second).toEqual({ kind: 'enough' });
    expect([...(await commitments.of(WALLET)).keys()]).toEqual(['b']);
  });

  it('orders that fit together all commit; what each committed counts for the next, by mint, SOL for all', async () => {
    const commitments = process('fit');
    const chain = network(100n);
    expect(await commitments.commit(WALLET, 'a', needs(50n), chain.read)).toEqual({ kind: 'enough' });
    expect(await commitments.commit(WALLET, 'b', needs(50n), chain.read)).toEqual({ kind: 'enough' });
    // Another mint's order is not held back by the USDC committed; its SOL fits to the lamport: 1,000 − 2 × 10 = 980.
    const other = { lamports: 980n, mint: 'other-mint', tokens: 5n };
    expect(await commitments.commit(WALLET, 'c', other, async () => ({ lamports: 1_000n, tokens: 5n }))).toEqual({ kind: 'enough' });
    expect([...(await commitments.of(WALLET)).keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('orders of one wallet committing at once that all fit do not hold one another up: one balance read each', async () => {
    const [here, there] = [process('many'), process('many')];
    let reads = 0;
    const read = async () => (reads++, { lamports: 1_000n, tokens: 100n });
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? here : there).commit(WALLET, `o${i}`, needs(5n), read)));
    expect(outcomes.every((outcome) => outcome.kind === 'enough')).toBe(true);
    expect(reads).toBe(20);
    expect((await here.of(WALLET)).size).toBe(20);
  });

  it('a balance read that another order landed and was released during is read again, never trusted', async () => {
    const [here, there] = [process('stale'), process('stale')];
    const chain = network(100n);
    let reads = 0;
    // While this order reads the balance, another commits, lands (the balance falls) and is released: the
    // balance this read returns was taken before, so it no longer holds.
    const staleThenFresh = async () => {
      reads++;
      if (reads > 1) return chain.read();
      const before = await chain.read();
      expect(await there.commit(WALLET, 'other', needs(60n), chain.read)).toEqual({ kind: 'enough' });
      chain.held.tokens -= 60n;
      await there.release('other');
      return before;
    };
    expect(await here.commit(WALLET, 'mine', needs(60n), staleThenFresh)).toEqual({ kind: 'short', symbol: 'token', needed: 60n, holds: 40n });
    expect(reads).toBe(2);
  });

  it('a wallet short without any order in flight is told at once, with what it holds', async () => {
    const commitments = process('short');
    expect(await commitments.commit(WALLET, 'a', needs(101n), network(100n).read)).toEqual({ kind: 'short', symbol: 'token', needed: 101n, holds: 100n });
    expect((await commitments.of(WALLET)).size).toBe(0);
  });

  it('a commitment a crashed worker left behind lapses after its deadline: the next order goes, and it is cleared', async () => {
    const commitments = process('lapse');
    const admin = new Redis(redis.url);
    // As a worker that crashed COMMITMENT_TTL_MS ago left it: 60 USDC committed, its deadline just passed.
    await admin.hset('{lapse}:wallet-commitments:' + WALLET, 'orphan', `1:10:${USDC}:60:${Date.now() - 1}`);
    admin.disconnect();
    expect(await commitments.commit(WALLET, 'next', needs(60n), network(100n).read)).toEqual({ kind: 'enough' });
    expect([...(await commitments.of(WALLET)).keys()]).toEqual(['next']);
    expect((await commitments.of(WALLET)).get('next')!.deadline).toBeGreaterThan(Date.now() + COMMITMENT_TTL_MS - 5_000);
  });

  it('releasing twice, or an id never committed, changes nothing', async () => {
    const commitments = process('twice');
    await commitments.commit(WALLET, 'a', needs(10n), network(100n).read);
    await commitments.commit(WALLET, 'b', needs(10n), network(100n).read);
    await commitments.release('a');
    await commitments.release('a');
    await commitments.release('never');
    expect([...(await commitments.of(WALLET)).keys()]).toEqual(['b']);
  });
});
