import type { Rpc, RpcSubscriptions, Signature, SolanaRpcApi, SolanaRpcSubscriptionsApi } from '@solana/kit';
import { SignatureWatcher, WatchStoppedError, type FinalFate } from './signature-watcher.js';

type Status = { confirmationStatus: 'processed' | 'confirmed' | 'finalized'; err: unknown } | null;

/** A network that answers what the test says, and records the calls it gets, in order. */
class FakeNetwork {
  blockHeight = 100n;
  genesisHash = 'genesis-a';
  statuses = new Map<string, Status>();
  /** What only the ledger's history still knows (the status cache forgot it). */
  historical = new Map<string, Status>();
  failing = false;
  readonly calls: string[] = [];
  readonly statusBatches: { signatures: readonly string[]; searchTransactionHistory: boolean }[] = [];
  readonly notify = new Map<string, (err: unknown) => void>();

  readonly rpc = {
    getBlockHeight: () => this.call('getBlockHeight', () => this.blockHeight),
    getGenesisHash: () => this.call('getGenesisHash', () => this.genesisHash),
    getSignatureStatuses: (signatures: readonly string[], options: { searchTransactionHistory?: boolean }) =>
      this.call('getSignatureStatuses', () => {
        this.statusBatches.push({ signatures, searchTransactionHistory: options?.searchTransactionHistory === true });
        const known = (signature: string) => this.statuses.get(signature) ?? (options?.searchTransactionHistory ? this.historical.get(signature) : undefined);
        return { value: signatures.map((signature) => known(signature) ?? null) };
      }),
  } as unknown as Rpc<SolanaRpcApi>;

  readonly subscriptions = {
    signatureNotifications: (signature: string) => ({
      subscribe: async ({ abortSignal }: { abortSignal: AbortSignal }) => {
        const queue: unknown[] = [];
        let wake: (() => void) | undefined;
        this.notify.set(signature, (err) => {
          queue.push({ context: { slot: 1n }, value: { err } });
          wake?.();
        });
        return (async function* () {
          while (!abortSignal.aborted) {
            if (queue.length > 0) yield queue.shift();
            else await new Promise<void>((resolve) => (wake = resolve));
          }
        })();
      },
    }),
  } as unknown as RpcSubscriptions<SolanaRpcSubscriptionsApi>;

  private call<T>(name: string, answer: () => T) {
    return {
      send: async () => {
        this.calls.push(name);
        if (this.failing) throw new Error('connection refused');
        return answer();
      },
    };
  }
}

const sig = (n: number) => `sig-${n}` as Signature;
const attempt = (lastValidBlockHeight = 150n, genesisHash = 'genesis-a') => ({ lastValidBlockHeight, genesisHash });

describe('SignatureWatcher', () => {
  let network: FakeNetwork;
  let watcher: SignatureWatcher;

  beforeEach(() => {
    network = new FakeNetwork();
    watcher = new SignatureWatcher(network.rpc, network.subscriptions, 'confirmed', 5);
  });
  afterEach(() => watcher.stop());

  /** Watches, then gives the fate's promise (wrapped: an async function would wait for the fate itself). */
  const watch = async (n: number, sent = attempt()): Promise<{ settled: Promise<FinalFate> }> => watcher.watch(sig(n), sent);

  it('settles at once on a notification: landed, or failed with the network error', async () => {
    network.failing = true; // no poll can decide: only the notifications do
    const [{ settled: landed }, { settled: failed }] = await Promise.all([watch(1), watch(2)]);
    // Nothing read of them yet: not known to the network, so they are still sent.
    expect(watcher.isKnown(sig(1))).toBe(false);
    network.notify.get(sig(1))!(null);
    network.notify.get(sig(2))!({ InstructionError: [0, 'Custom'] });
    expect(await landed).toEqual({ kind: 'landed' });
    expect(await failed).toEqual({ kind: 'failed', err: { InstructionError: [0, 'Custom'] } });
    expect(watcher.size).toBe(0);
  });

  it('settles by polling when no notification comes: reads the block height first, then the statuses from the status cache', async () => {
    const { settled } = await watch(1);
    network.statuses.set(sig(1), { confirmationStatus: 'confirmed', err: null });
    expect(await settled).toEqual({ kind: 'landed' });
    const round = network.calls.indexOf('getSignatureStatuses');
    expect(network.calls.slice(0, round)).toContain('getBlockHeight');
    expect(network.statusBatches.some((batch) => batch.searchTransactionHistory)).toBe(false);
  });

  it('gives a signature up only after the history says it never landed: one the status cache forgot is landed', async () => {
    network.blockHeight = 200n;
    network.historical.set(sig(1), { confirmationStatus: 'finalized', err: null });
    const [{ settled: forgotten }, { settled: neverSeen }] = await Promise.all([watch(1, attempt(150n)), watch(2, attempt(150n))]);
    expect(await forgotten).toEqual({ kind: 'landed' });
    expect(await neverSeen).toEqual({ kind: 'expired' });
    // The history is searched for those two alone, after the cache said nothing of them.
    const searched = network.statusBatches.filter((batch) => batch.searchTransactionHistory);
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((batch) => batch.signatures.every((s) => [sig(1), sig(2)].includes(s as Signature)))).toBe(true);
  });

  it('an attempt that looks sent to another network is given up only if the history does not have it either', async () => {
    network.historical.set(sig(1), { confirmationStatus: 'confirmed', err: null });
    const [{ settled: found }, { settled: gone }] = await Promise.all([watch(1, attempt(150n, 'genesis-b')), watch(2, attempt(150n, 'genesis-b'))]);
    expect(await found).toEqual({ kind: 'landed' });
    expect(await gone).toEqual({ kind: 'network-reset' });
  });

  it('waits while a status is only processed, or while the blockhash is still valid', async () => {
    network.statuses.set(sig(1), { confirmationStatus: 'processed', err: null });
    const { settled: processed } = await watch(1);
    const { settled: unseen } = await watch(2, attempt(150n));
    const rounds = network.statusBatches.length;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => network.statusBatches.length >= rounds + 3 && (clearInterval(check), resolve()), 1);
    });
    expect(watcher.size).toBe(2);
    // Held by the network (processed): no rebroadcast needed; unseen: still sent again.
    expect([watcher.isKnown(sig(1)), watcher.isKnown(sig(2))]).toEqual([true, false]);
    network.blockHeight = 151n;
    expect(await unseen).toEqual({ kind: 'expired' });
    network.statuses.set(sig(1), { confirmationStatus: 'finalized', err: null });
    expect(await processed).toEqual({ kind: 'landed' });
  });

  it('an attempt sent to another network (genesis) is network-reset; a failed read decides nothing', async () => {
    network.failing = true;
    const { settled: elsewhere } = await watch(1, attempt(150n, 'genesis-before-restart'));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => network.calls.length >= 6 && (clearInterval(check), resolve()), 1);
    });
    expect(watcher.size).toBe(1);
    network.failing = false;
    expect(await elsewhere).toEqual({ kind: 'network-reset' });
  });

  it('a signature the network no longer finds (its block dropped) is not known any more: rebroadcasting resumes', async () => {
    network.statuses.set(sig(1), { confirmationStatus: 'processed', err: null });
    const { settled } = await watch(1);
    const roundsAfter = async (n: number) => {
      const rounds = network.statusBatches.length;
      await new Promise<void>((resolve) => {
        const check = setInterval(() => network.statusBatches.length >= rounds + n && (clearInterval(check), resolve()), 1);
      });
    };
    await roundsAfter(2);
    expect(watcher.isKnown(sig(1))).toBe(true);
    network.statuses.delete(sig(1));
    await roundsAfter(2);
    expect(watcher.isKnown(sig(1))).toBe(false);
    network.statuses.set(sig(1), { confirmationStatus: 'confirmed', err: null });
    expect(await settled).toEqual({ kind: 'landed' });
    expect(watcher.isKnown(sig(1))).toBe(false);
  });

  it('a signature watched twice shares one watch; stop() rejects what is still watched', async () => {
    const { settled: first } = await watch(1);
    const { settled: second } = await watch(1);
    expect(second).toBe(first);
    expect(watcher.size).toBe(1);
    watcher.stop();
    await expect(first).rejects.toBeInstanceOf(WatchStoppedError);
    expect(watcher.size).toBe(0);
  });

  it('asks for at most 256 signatures a call', async () => {
    const all = await Promise.all(Array.from({ length: 300 }, (_, n) => watch(n)));
    for (let n = 0; n < 300; n++) network.statuses.set(sig(n), { confirmationStatus: 'confirmed', err: null });
    await Promise.all(all.map((watched) => watched.settled));
    expect(Math.max(...network.statusBatches.map((batch) => batch.signatures.length))).toBe(256);
    expect(network.statusBatches.some((batch) => batch.signatures.length === 44)).toBe(true);
  });
});
