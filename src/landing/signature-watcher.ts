import { Logger } from '@nestjs/common';
import type { Rpc, RpcSubscriptions, Signature, SolanaRpcApi, SolanaRpcSubscriptionsApi } from '@solana/kit';
import { attemptFate, type AttemptFate, type SentAttempt, type SignatureStatus } from './landing-decisions.js';

const MAX_SIGNATURES_PER_CALL = 256;

/** An attempt's fate once it is settled: landed, failed on chain, or never able to land any more. */
export type FinalFate = Exclude<AttemptFate, { kind: 'live' }>;

interface Watched {
  readonly attempt: SentAttempt;
  readonly resolve: (fate: FinalFate) => void;
  readonly abort: AbortController;
}

/**
 * Watches the signatures in flight until each is settled: a `signatureSubscribe` per signature (the fast path)
 * and, for all of them at once, one `getSignatureStatuses` and one block-height read every `pollMs` (the path
 * that still works when a notification is lost or the WebSocket is down). Each round decides with `attemptFate`,
 * the table crash recovery reads too.
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

  /** Subscribes (before the first send, so no notification is missed); `settled` resolves with the signature's fate. */
  async watch(signature: Signature, attempt: SentAttempt): Promise<{ readonly settled: Promise<FinalFate> }> {
    const abort = new AbortController();
    const settled = new Promise<FinalFate>((resolve) => this.watched.set(signature, { attempt, resolve, abort }));
    this.startPolling();
    await this.subscribe(signature, abort);
    // Wrapped: an async function's promise of a promise would wait for the fate itself.
    return { settled };
  }

  /** The number of signatures in flight. */
  get size(): number {
    return this.watched.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const signature of [...this.watched.keys()]) this.settle(signature, { kind: 'expired' }, false);
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
      this.logger.debug({ signature, msg: `no signature subscription for ${signature} (${(error as Error).message}); polling` });
    }
  }

  private settle(signature: Signature, fate: FinalFate, resolve = true): void {
    const watched = this.watched.get(signature);
    if (!watched) return;
    this.watched.delete(signature);
    watched.abort.abort();
    if (resolve) watched.resolve(fate);
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private startPolling(): void {
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
  }

  /** `getSignatureStatuses` takes at most 256 signatures a call. */
  private async statuses(signatures: readonly Signature[]) {
    const chunks = [];
    for (let i = 0; i < signatures.length; i += MAX_SIGNATURES_PER_CALL) chunks.push(signatures.slice(i, i + MAX_SIGNATURES_PER_CALL));
    return (await Promise.all(chunks.map(async (chunk) => (await this.rpc.getSignatureStatuses(chunk).send()).value))).flat();
  }

  /** One round for every signature in flight: their statuses, the block height and the network's identity. */
  private async poll(): Promise<void> {
    if (this.polling || this.watched.size === 0) return;
    this.polling = true;
    try {
      const signatures = [...this.watched.keys()];
      const [statuses, blockHeight, genesisHash] = await Promise.all([
        this.statuses(signatures),
        this.rpc.getBlockHeight({ commitment: this.commitment }).send(),
        this.rpc.getGenesisHash().send(),
      ]);
      signatures.forEach((signature, i) => {
        const watched = this.watched.get(signature);
        if (!watched) return;
        const status: SignatureStatus | null = statuses[i] && { confirmationStatus: statuses[i].confirmationStatus, err: statuses[i].err };
        const fate = attemptFate(status, watched.attempt, { blockHeight, genesisHash }, this.commitment);
        if (fate.kind !== 'live') this.settle(signature, fate);
      });
    } catch (error) {
      // The RPC is down or slow: the next round asks again; nothing is given up on a failed read.
      this.logger.debug({ msg: `signature statuses unavailable (${(error as Error).message})` });
    } finally {
      this.polling = false;
    }
  }
}
