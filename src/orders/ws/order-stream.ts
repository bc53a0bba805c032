import { isTerminalStatus, type OrderLifecycleEvent } from '../../contracts/order-lifecycle.js';
import { encodeStatusFrame, type ServerFrame } from '../../contracts/ws-frames.js';
import { eventJson } from '../../events/event-json.js';

/** Where frames for one client go; implemented over a WebSocket by the gateway. */
export interface FrameSink {
  send(text: string): void;
  close(code: number, reason: string): void;
}

type EventLoader = (orderId: string) => Promise<readonly OrderLifecycleEvent[]>;

export const encodeFrame = (frame: ServerFrame): string => JSON.stringify(frame);

const statusText = (event: OrderLifecycleEvent): string => encodeStatusFrame(event, eventJson(event));

/**
 * One client following one order. Events are delivered in `seq` order with
 * no gaps and no duplicates: anything out of order (a replay racing the live
 * stream, a message lost while Redis reconnected) is filled in from the store,
 * which always holds an event before it is published.
 */
class Subscription {
  private lastSeq = 0;
  private work: Promise<void> = Promise.resolve();
  /** Tasks in `work` not settled yet: with none, a live event in order goes out at once. */
  private queued = 0;
  private active = true;

  constructor(
    readonly orderId: string,
    private readonly sink: FrameSink,
    private readonly load: EventLoader,
    private readonly onTerminal: (subscription: Subscription) => void,
    private readonly retryMs: number,
  ) {}

  /** Stops the subscription: no more frames, no more retries. */
  end(): void {
    this.active = false;
  }

  deliver(event: OrderLifecycleEvent, text: () => string): void {
    // The usual case, nothing queued ahead of it: sent (or dropped as sent already) at once, without a promise.
    if (this.queued === 0 && event.seq <= this.lastSeq + 1) return event.seq === this.lastSeq + 1 ? this.emit(event, text()) : undefined;
    this.serialise(() => (event.seq === this.lastSeq + 1 ? this.emit(event, text()) : event.seq > this.lastSeq ? this.catchUp() : undefined));
  }

  /** Sends what the store holds beyond what was sent (`known`: the order's events, just read by the caller). */
  catchUp(known?: readonly OrderLifecycleEvent[]): void {
    this.serialise(async () => {
      if (this.active) this.replay(known ?? (await this.load(this.orderId)));
    });
  }

  /**
   * The first replay, from `load` (which may refuse): live events wait behind it. Resolves false, and the
   * subscription ends, when the order has no events (no such order); rejects, ending it too, when `load` fails.
   */
  start(load: () => Promise<readonly OrderLifecycleEvent[]>, onFound: () => void): Promise<boolean> {
    const found = load().then((events) => {
      if (events.length === 0) return false;
      onFound();
      this.replay(events);
      return true;
    });
    this.queued++;
    this.work = found.then(
      (exists) => (this.queued--, exists ? undefined : this.end()),
      () => (this.queued--, this.end()),
    );
    return found;
  }

  private replay(events: readonly OrderLifecycleEvent[]): void {
    for (const event of events) if (event.seq > this.lastSeq) this.emit(event);
  }

  /** Runs tasks one after another; a failed store read is retried, so the client still gets every event. */
  private serialise(task: () => unknown): void {
    this.queued++;
    this.work = this.work.then(task).then(
      () => void this.queued--,
      () => {
        this.queued--;
        if (this.active) setTimeout(() => this.active && this.catchUp(), this.retryMs).unref();
      },
    );
  }

  private emit(event: OrderLifecycleEvent, text = statusText(event)): void {
    if (!this.active) return;
    this.sink.send(text);
    this.lastSeq = event.seq;
    if (isTerminalStatus(event.status)) this.onTerminal(this);
  }
}

interface SubscribeOptions {
  /** Close the client's connection (code 1000) once the order is terminal. */
  readonly closeOnTerminal: boolean;
}

interface FollowOptions extends SubscribeOptions {
  /** The order's stored events, as the client may see them (empty: no such order; a rejection: not allowed or not loaded). */
  readonly load: () => Promise<readonly OrderLifecycleEvent[]>;
  /** Once the order is found, before its first event goes out. */
  readonly onFound: () => void;
}

/** Who placed an order (null: while the engine ran open; undefined: unknown). */
type OwnerLoader = (orderId: string) => Promise<string | null | undefined>;

const MAX_CACHED_OWNERS = 100_000;

/**
 * Who follows which order, and the fan-out of lifecycle events to them. Plain
 * class: the gateway feeds it sockets and Redis messages.
 */
export class OrderStreamHub {
  private readonly followers = new Map<string, Map<FrameSink, Subscription>>();
  private readonly byClient = new Map<FrameSink, Set<string>>();
  /** Clients following every order (`subscribe` to "*"): live events only, no replay; each with the owner it may see (undefined: all). */
  private readonly everything = new Map<FrameSink, string | undefined>();
  /** order id → its owner, for followers of "*" that may see only their own (recent orders; the oldest forgotten first). */
  private readonly owners = new Map<string, Promise<string | null | undefined>>();

  constructor(
    private readonly load: EventLoader,
    private readonly ownerOf: OwnerLoader = async () => null,
    private readonly retryMs = 1_000,
  ) {}

  /** Starts following an order known to exist (one this process just placed): replays its stored events, then streams the rest. */
  subscribe(client: FrameSink, orderId: string, options: SubscribeOptions): void {
    (this.followers.get(orderId)?.get(client) ?? this.register(client, orderId, options)).catchUp();
  }

  /**
   * Starts following an order a client asked for. The subscription is in place before the store is read,
   * so an event stored and published meanwhile reaches it (live, or in the read): one read serves both the
   * existence check and the replay. Resolves false, following nothing, for an unknown order.
   */
  async follow(client: FrameSink, orderId: string, options: FollowOptions): Promise<boolean> {
    const existing = this.followers.get(orderId)?.get(client);
    if (existing) {
      // Already registered: what this read returns is sent behind anything queued, so it is also the catch-up.
      const events = await options.load();
      if (events.length === 0) return false;
      options.onFound();
      existing.catchUp(events);
      return true;
    }
    const subscription = this.register(client, orderId, options);
    const found = await subscription.start(options.load, options.onFound).catch((error: unknown) => {
      this.forget(client, subscription);
      throw error;
    });
    if (!found) this.forget(client, subscription);
    return found;
  }

  private register(client: FrameSink, orderId: string, options: SubscribeOptions): Subscription {
    const subscription = new Subscription(orderId, client, this.load, (s) => this.finished(client, s, options), this.retryMs);
    if (!this.followers.has(orderId)) this.followers.set(orderId, new Map());
    this.followers.get(orderId)!.set(client, subscription);
    if (!this.byClient.has(client)) this.byClient.set(client, new Set());
    this.byClient.get(client)!.add(orderId);
    return subscription;
  }

  /** Drops a subscription that never started, unless the client has since followed the order anew. */
  private forget(client: FrameSink, subscription: Subscription): void {
    if (this.followers.get(subscription.orderId)?.get(client) === subscription) this.unsubscribe(client, subscription.orderId);
  }

  unsubscribe(client: FrameSink, orderId: string): boolean {
    this.followers.get(orderId)?.get(client)?.end();
    const removed = this.followers.get(orderId)?.delete(client) ?? false;
    if (this.followers.get(orderId)?.size === 0) this.followers.delete(orderId);
    this.byClient.get(client)?.delete(orderId);
    return removed;
  }

  /** Follows every order from now on, or with `owner` only that owner's. */
  subscribeAll(client: FrameSink, owner?: string): void {
    this.everything.set(client, owner);
  }

  unsubscribeAll(client: FrameSink): boolean {
    return this.everything.delete(client);
  }

  /** Whether the client follows this order (or "*") already. */
  follows(client: FrameSink, orderId: string): boolean {
    return orderId === '*' ? this.everything.has(client) : (this.byClient.get(client)?.has(orderId) ?? false);
  }

  /** How many streams the client follows now ("*" counts as one). */
  followCount(client: FrameSink): number {
    return (this.byClient.get(client)?.size ?? 0) + (this.everything.has(client) ? 1 : 0);
  }

  /** Forgets a client that disconnected. */
  drop(client: FrameSink): void {
    for (const orderId of this.byClient.get(client) ?? []) this.unsubscribe(client, orderId);
    this.byClient.delete(client);
    this.everything.delete(client);
  }

  /** A live event from Redis: serialised once, however many clients follow the order. */
  publish(event: OrderLifecycleEvent): void {
    const subscriptions = this.followers.get(event.orderId);
    if (!subscriptions && this.everything.size === 0) return;
    let text: string | undefined;
    const encoded = () => (text ??= statusText(event));
    for (const subscription of [...(subscriptions?.values() ?? [])]) subscription.deliver(event, encoded);
    let scoped = false;
    for (const [client, owner] of this.everything) {
      if (subscriptions?.has(client)) continue;
      if (owner === undefined) client.send(encoded());
      else scoped = true;
    }
    if (scoped) void this.deliverToOwner(event, encoded, subscriptions);
  }

  /** To "*" followers who see only their own orders: once the order's owner is known (events of one order stay in order). */
  private async deliverToOwner(event: OrderLifecycleEvent, encoded: () => string, subscriptions?: Map<FrameSink, Subscription>): Promise<void> {
    const owner = await this.cachedOwner(event.orderId).catch(() => undefined);
    if (owner === undefined || owner === null) return;
    for (const [client, allowed] of this.everything) if (allowed === owner && !subscriptions?.has(client)) client.send(encoded());
  }

  private cachedOwner(orderId: string): Promise<string | null | undefined> {
    let owner = this.owners.get(orderId);
    if (!owner) {
      // A failed lookup is not kept: the order's next event asks again.
      owner = this.ownerOf(orderId).catch((error: unknown) => (this.owners.delete(orderId), Promise.reject(error)));
      this.owners.set(orderId, owner);
      if (this.owners.size > MAX_CACHED_OWNERS) this.owners.delete(this.owners.keys().next().value!);
    }
    return owner;
  }

  /** After a lost Redis subscription: fill every follower in from the store. */
  resync(): void {
    for (const subscriptions of this.followers.values()) {
      for (const subscription of subscriptions.values()) subscription.catchUp();
    }
  }

  private finished(client: FrameSink, subscription: Subscription, options: SubscribeOptions): void {
    this.unsubscribe(client, subscription.orderId);
    if (options.closeOnTerminal) client.close(1000, 'order finished');
  }
}
