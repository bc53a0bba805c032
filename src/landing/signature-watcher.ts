import { Logger } from '@nestjs/common';
import type { Rpc, RpcSubscriptions, Signature, SolanaRpcApi, SolanaRpcSubscriptionsApi } from '@solana/kit';
import { attemptFate, type AttemptFate, type NetworkNow, type SentAttempt, type SignatureStatus } from './landing-decisions.js';

const MAX_SIGNATURES_PER_CALL = 256;
/** How long a subscription's acknowledgement is waited for before the first send (polling covers the rest). */
const SUBSCRIBE_WAIT_MS = 2_000;

/** An attempt's fate once it is settled: landed, failed on chain, or never able to land any more. */
// Stryker disable next-line ObjectLiteral,StringLiteral: settle() ignores a signature no longer watched, whatever its fate says
const LIVE: AttemptFate = { kind: 'live' };

export type FinalFate = Exclude<AttemptFate, { kind: 'live' }>;

/** The watcher stopped (the process is shutting down) before the signature was settled: nothing is decided. */
export class WatchStoppedError extends Error {
  constructor(signature: Signature) {
    super(`stopped watching ${signature} before it was settled: its fate is read from the chain later`);
  }
}

interface Watched {
  readonly attempt: SentAttempt;
  /** The last status round found the signature on the network (processed or further): sending it again is waste. */
  known: boolean;
  readonly settled: Promise<FinalFate>;
  readonly resolve: (fate: FinalFate) => void;
  readonly reject: (error: Error) => void;
  readonly abort: AbortController;
}

/**
 * Watches the signatures in flight until each is settled: a `signatureSubscribe` per signature (the fast path)
 * and, for all of them at once, a block-height read then one `getSignatureStatuses` (history included) every
 * `pollMs` — the path that still works when a notification is lost or the WebSocket is down. Each round decides
 * with `attemptFate`, the table crash recovery reads too.
 */
export class SignatureWatcher {
  private readonly logger = new Logger(SignatureWatcher.name);
  private readonly watched = new Map<Signature, Watched>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly rpc: Rpc<SolanaRpcApi>,
    private readonly subscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>,
    private readonly commitment: 'confirmed' | 'finalized',
    private readonly pollMs: number,
  ) {}

  /**
   * Subscribes (before the first send, so no notification is missed; waited for at most SUBSCRIBE_WAIT_MS);
   * `settled` resolves with the signature's fate, or rejects with `WatchStoppedError` on `stop()`. A signature
   * watched twice shares one watch.
   */
  async watch(signature: Signature, attempt: SentAttempt): Promise<{ readonly settled: Promise<FinalFate> }> {
    const existing = this.watched.get(signature);
    if (existing) return { settled: existing.settled };
    const abort = new AbortController();
    let resolve!: (fate: FinalFate) => void;
    let reject!: (error: Error) => void;
    const settled = new Promise<FinalFate>((onFate, onStop) => ([resolve, reject] = [onFate, onStop]));
    this.watched.set(signature, { attempt, settled, resolve, reject, abort, known: false });
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
    await Promise.race([this.subscribe(signature, abort), new Promise((done) => setTimeout(done, SUBSCRIBE_WAIT_MS).unref())]);
    // Wrapped: an async function's promise of a promise would wait for the fate itself.
    return { settled };
  }

  /**
   * Whether the last status round found the signature on the network, at any commitment: a transaction the
   * network holds needs no rebroadcast (if its block is dropped, the next round no longer finds it).
   */
  isKnown(signature: Signature): boolean {
    return this.watched.get(signature)?.known ?? false;
  }

  /** The number of signatures in flight. */
  get size(): number {
    return this.watched.size;
  }

  /** Stops watching: every watch still open rejects with `WatchStoppedError` (nothing is decided for it). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const [signature, watched] of [...this.watched]) {
      this.forget(signature);
      watched.reject(new WatchStoppedError(signature));
    }
  }

  private async subscribe(signature: Signature, abort: AbortController): Promise<void> {
    try {
      const notifications = await this.subscriptions
        .signatureNotifications(signature, { commitment: this.commitment })
        .subscribe({ abortSignal: abort.signal });
      void (async () => {
        for await (const notification of notifications) {
          const err = notification.value.err;
          this.settle(signature, err ? { kind: 'failed', err } : { kind: 'landed' });
          return;
        }
      })().catch(() => undefined);
    } catch (error) {
      // No subscription (the WebSocket is down): the polling below still settles it.
      if (!abort.signal.aborted) this.logger.debug({ signature, msg: `no signature subscription for ${signature} (${(error as Error).message}); polling` });
    }
  }

  private settle(signature: Signature, fate: FinalFate): void {
    const watched = this.watched.get(signature);
    if (!watched) return;
    this.forget(signature);
    watched.resolve(fate);
  }

  private forget(signature: Signature): void {
    this.watched.get(signature)?.abort.abort();
    this.watched.delete(signature);
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * One round for every signature in flight. The block height is read before the statuses: a status read after
   * it is at least as recent, so a transaction that landed by that height is seen, never taken for expired. The
   * statuses search the history: a status cache forgets a signature after a few minutes, the ledger does not.
   */
  private async poll(): Promise<void> {
    if (this.polling || this.watched.size === 0) return;
    this.polling = true;
    const timeout = AbortSignal.timeout(Math.max(2_000, 5 * this.pollMs));
    try {
      const signatures = [...this.watched.keys()];
      const [blockHeight, genesisHash] = await Promise.all([
        this.rpc.getBlockHeight({ commitment: this.commitment }).send({ abortSignal: timeout }),
        this.rpc.getGenesisHash().send({ abortSignal: timeout }),
      ]);
      const now = { blockHeight, genesisHash };
      const fates = await this.fates(signatures, now, false, timeout);
      // Given up only after the ledger's history says it never landed either (the status cache forgets).
      const givingUp = signatures.filter((_, i) => fates[i].kind === 'expired' || fates[i].kind === 'network-reset');
      const checked = await this.fates(givingUp, now, true, timeout);
      signatures.forEach((signature, i) => {
        const fate = givingUp.includes(signature) ? checked[givingUp.indexOf(signature)] : fates[i];
        if (fate.kind !== 'live') this.settle(signature, fate);
      });
    } catch (error) {
      // The RPC is down, slow or hung (bounded above): the next round asks again; nothing is decided on a failed read.
      this.logger.debug({ msg: `signature statuses unavailable (${(error as Error).message})` });
    } finally {
      this.polling = false;
    }
  }

  /** What each signature has come to (`live` for one no longer watched: nothing is settled for it). None asked: no call. */
  private async fates(signatures: readonly Signature[], now: NetworkNow, searchTransactionHistory: boolean, abortSignal: AbortSignal): Promise<AttemptFate[]> {
    const statuses = await this.statuses(signatures, searchTransactionHistory, abortSignal);
    return signatures.map((signature, i) => {
      const watched = this.watched.get(signature);
      if (!watched) return LIVE;
      watched.known = statuses[i] !== null;
      const status: SignatureStatus | null = statuses[i] && { confirmationStatus: statuses[i].confirmationStatus, err: statuses[i].err };
      return attemptFate(status, watched.attempt, now, this.commitment);
    });
  }

  /**
   * `getSignatureStatuses` takes at most 256 signatures a call. Searching the ledger's history costs a network
   * far more than its status cache (a local one, more with every transaction it keeps): only to give one up.
   */
  private async statuses(signatures: readonly Signature[], searchTransactionHistory: boolean, abortSignal: AbortSignal) {
    const chunks = [];
    for (let i = 0; i < signatures.length; i += MAX_SIGNATURES_PER_CALL) chunks.push(signatures.slice(i, i + MAX_SIGNATURES_PER_CALL));
    const read = (chunk: Signature[]) => this.rpc.getSignatureStatuses(chunk, { searchTransactionHistory }).send({ abortSignal });
    return (await Promise.all(chunks.map(async (chunk) => (await read(chunk)).value))).flat();
  }
}
