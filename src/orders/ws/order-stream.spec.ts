import { jest } from '@jest/globals';
import type { OrderLifecycleEvent, OrderStatus } from '../../contracts/order-lifecycle.js';
import { OrderStreamHub, type FrameSink } from './order-stream.js';

const ORDER = '11111111-1111-4111-8111-111111111111';
const STATUSES: OrderStatus[] = ['pending', 'routing', 'building', 'submitted', 'confirmed'];
const event = (seq: number, orderId = ORDER): OrderLifecycleEvent =>
  ({ orderId, seq, status: STATUSES[seq - 1], at: new Date(seq * 1000).toISOString(), attempt: seq > 1 ? 1 : 0 }) as OrderLifecycleEvent;

class RecordingSink implements FrameSink {
  readonly frames: { event: string; data: OrderLifecycleEvent }[] = [];
  closed?: number;
  send(text: string) {
    this.frames.push(JSON.parse(text));
  }
  close(code: number) {
    this.closed = code;
  }
  get seqs() {
    return this.frames.map((f) => f.data.seq);
  }
}

/** A store the test controls: `stored` events, and loads that resolve when the test says so. */
function fakeStore() {
  const stored: OrderLifecycleEvent[] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  return {
    stored,
    holdLoads: () => (hold = true),
    releaseLoads: () => {
      hold = false;
      pending.splice(0).forEach((release) => release());
    },
    load: async (orderId: string) => {
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
      return stored.filter((e) => e.orderId === orderId);
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OrderStreamHub', () => {
  it('replays stored events on subscribe, then streams live ones, each exactly once and in order', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const sink = new RecordingSink();
    store.stored.push(event(1), event(2));
    store.holdLoads();
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    // Event 3 is stored and published while the replay is still loading.
    store.stored.push(event(3));
    hub.publish(event(3));
    store.releaseLoads();
    await settle();
    hub.publish(event(3));
    store.stored.push(event(4));
    hub.publish(event(4));
    await settle();
    expect(sink.seqs).toEqual([1, 2, 3, 4]);
  });

  it('fills a gap from the store when a live event arrives ahead of one it missed', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const sink = new RecordingSink();
    store.stored.push(event(1));
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    await settle();
    store.stored.push(event(2), event(3));
    hub.publish(event(3));
    await settle();
    expect(sink.seqs).toEqual([1, 2, 3]);
  });

  it('retries a replay whose store read failed, so the client still gets every event', async () => {
    const store = fakeStore();
    let failures = 1;
    const hub = new OrderStreamHub(
      async (orderId) => {
        if (failures-- > 0) throw new Error('database unavailable');
        return store.load(orderId);
      },
      undefined,
      5,
    );
    const sink = new RecordingSink();
    store.stored.push(event(1), event(2));
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    const deadline = Date.now() + 2_000;
    while (sink.frames.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sink.seqs).toEqual([1, 2]);
  });

  it('closes a per-order connection with 1000 after the terminal event, and stops following', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const sink = new RecordingSink();
    store.stored.push(...[1, 2, 3, 4, 5].map((seq) => event(seq)));
    hub.subscribe(sink, ORDER, { closeOnTerminal: true });
    await settle();
    expect(sink.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(sink.closed).toBe(1000);
    // Unsubscribed at the terminal event: a later event of the order reaches nobody.
    hub.publish(event(6));
    await settle();
    expect(sink.seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends each client only the orders it follows, and nothing after unsubscribe or drop', async () => {
    const other = '22222222-2222-4222-8222-222222222222';
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const [a, b] = [new RecordingSink(), new RecordingSink()];
    hub.subscribe(a, ORDER, { closeOnTerminal: false });
    hub.subscribe(b, other, { closeOnTerminal: false });
    await settle();
    store.stored.push(event(1), event(1, other));
    hub.publish(event(1));
    hub.publish(event(1, other));
    await settle();
    expect(a.frames.map((f) => f.data.orderId)).toEqual([ORDER]);
    expect(b.frames.map((f) => f.data.orderId)).toEqual([other]);

    hub.unsubscribe(a, ORDER);
    hub.drop(b);
    store.stored.push(event(2), event(2, other));
    hub.publish(event(2));
    hub.publish(event(2, other));
    await settle();
    expect(a.frames).toHaveLength(1);
    expect(b.frames).toHaveLength(1);
  });

  it('serialises a live event once for all its followers', async () => {
    /** JSON.stringify calls made to send one live event to `followers` clients. */
    const stringifyCalls = async (followers: RecordingSink[], orderId: string) => {
      const store = fakeStore();
      const hub = new OrderStreamHub(store.load);
      followers.forEach((sink) => hub.subscribe(sink, orderId, { closeOnTerminal: false }));
      await settle();
      const stringify = jest.spyOn(JSON, 'stringify');
      store.stored.push(event(1, orderId));
      hub.publish(event(1, orderId));
      await settle();
      const calls = stringify.mock.calls.length;
      stringify.mockRestore();
      return calls;
    };
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    expect(await stringifyCalls(sinks, ORDER)).toBe(await stringifyCalls([new RecordingSink()], ORDER));
    expect(sinks.every((sink) => sink.seqs.join() === '1')).toBe(true);
  });
});

describe('OrderStreamHub: edges', () => {
  it('resync fills every follower in from the store: events lost with the Redis subscription', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const other = '44444444-4444-4444-8444-444444444444';
    const [a, b] = [new RecordingSink(), new RecordingSink()];
    store.stored.push(event(1), event(1, other));
    hub.subscribe(a, ORDER, { closeOnTerminal: false });
    hub.subscribe(b, other, { closeOnTerminal: false });
    await settle();
    store.stored.push(event(2), event(3), event(2, other)); // stored and published while nobody listened
    hub.resync();
    await settle();
    expect(a.seqs).toEqual([1, 2, 3]);
    expect(b.seqs).toEqual([1, 2]);
    expect(a.frames.every((f) => f.event === 'order.status')).toBe(true);
  });

  it('keeps a multiplexed connection open after an order ends, and closes a per-order one with a reason', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const closes: [number, string][] = [];
    const [multiplexed, perOrder] = [
      new RecordingSink(),
      Object.assign(new RecordingSink(), { close: (code: number, reason: string) => closes.push([code, reason]) }),
    ];
    store.stored.push(...[1, 2, 3, 4, 5].map((seq) => event(seq)));
    hub.subscribe(multiplexed, ORDER, { closeOnTerminal: false });
    hub.subscribe(perOrder, ORDER, { closeOnTerminal: true });
    await settle();
    expect(multiplexed.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(multiplexed.closed).toBeUndefined();
    expect(closes).toEqual([[1000, 'order finished']]);
  });

  describe('follow (a client asks for an order)', () => {
    const subscribed = (sink: RecordingSink) => () => sink.send(JSON.stringify({ event: 'subscribed', data: { orderId: ORDER } }));

    it('sends an event stored and published while the replay is read once, after the replay and the subscribed frame', async () => {
      const store = fakeStore();
      const hub = new OrderStreamHub(store.load);
      const sink = new RecordingSink();
      store.stored.push(...[1, 2, 3, 4].map((seq) => event(seq)));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // The read sees the store as it was when it was made: without event 5, published just after.
      const load = async () => {
        const snapshot = store.stored.filter((e) => e.orderId === ORDER);
        await held;
        return snapshot;
      };
      const following = hub.follow(sink, ORDER, { closeOnTerminal: true, load, onFound: subscribed(sink) });
      store.stored.push(event(5));
      hub.publish(event(5));
      release();
      await expect(following).resolves.toBe(true);
      await settle();
      expect(sink.frames.map((f) => f.event)).toEqual(['subscribed', ...Array(5).fill('order.status')]);
      expect(sink.seqs.slice(1)).toEqual([1, 2, 3, 4, 5]);
      expect(sink.closed).toBe(1000);
    });

    it('following an order twice reads the store once per follow and sends each event once', async () => {
      const store = fakeStore();
      const reads = jest.fn(store.load);
      const hub = new OrderStreamHub(reads);
      const sink = new RecordingSink();
      store.stored.push(event(1), event(2));
      const load = () => reads(ORDER);
      await hub.follow(sink, ORDER, { closeOnTerminal: false, load, onFound: subscribed(sink) });
      store.stored.push(event(3));
      await expect(hub.follow(sink, ORDER, { closeOnTerminal: false, load, onFound: subscribed(sink) })).resolves.toBe(true);
      await settle();
      expect(reads).toHaveBeenCalledTimes(2);
      expect(sink.frames.map((f) => (f.event === 'subscribed' ? 's' : f.data.seq))).toEqual(['s', 1, 2, 's', 3]);
    });

    it('follows nothing and sends nothing for an order without events (unknown)', async () => {
      const store = fakeStore();
      const hub = new OrderStreamHub(store.load);
      const sink = new RecordingSink();
      await expect(hub.follow(sink, ORDER, { closeOnTerminal: false, load: () => store.load(ORDER), onFound: subscribed(sink) })).resolves.toBe(false);
      hub.publish(event(1));
      await settle();
      expect(sink.frames).toEqual([]);
      expect(hub.follows(sink, ORDER)).toBe(false);
    });

    it("follows nothing when the load is refused (another key's order), even if its events are published meanwhile", async () => {
      const hub = new OrderStreamHub(fakeStore().load);
      const sink = new RecordingSink();
      let refuse!: (error: Error) => void;
      const load = () => new Promise<OrderLifecycleEvent[]>((_, reject) => (refuse = reject));
      const following = hub.follow(sink, ORDER, { closeOnTerminal: false, load, onFound: subscribed(sink) });
      hub.publish(event(1));
      refuse(new Error('not yours'));
      await expect(following).rejects.toThrow('not yours');
      hub.publish(event(2));
      await settle();
      expect(sink.frames).toEqual([]);
      expect(hub.follows(sink, ORDER)).toBe(false);
    });
  });

  it('sends live events as order.status frames, to order followers and to "*" followers alike', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const [follower, everything] = [new RecordingSink(), new RecordingSink()];
    hub.subscribe(follower, ORDER, { closeOnTerminal: false });
    hub.subscribeAll(everything);
    await settle();
    store.stored.push(event(1));
    hub.publish(event(1));
    await settle();
    const frame = { event: 'order.status', orderId: ORDER, status: event(1).status, seq: 1, data: event(1) };
    expect(follower.frames).toEqual([frame]);
    expect(everything.frames).toEqual([frame]);
  });

  it('subscribing twice to one order sends each event once', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const sink = new RecordingSink();
    store.stored.push(event(1), event(2));
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    await settle();
    store.stored.push(event(3));
    hub.publish(event(3));
    await settle();
    expect(sink.seqs).toEqual([1, 2, 3]);
  });

  it('ignores a live event it already sent without reading the store', async () => {
    const store = fakeStore();
    const load = jest.fn(store.load);
    const hub = new OrderStreamHub(load);
    const sink = new RecordingSink();
    store.stored.push(event(1), event(2));
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    await settle();
    const reads = load.mock.calls.length;
    hub.publish(event(2)); // a replay raced the live stream: the live copy arrives after the replay sent it
    await settle();
    expect(sink.seqs).toEqual([1, 2]);
    expect(load.mock.calls.length).toBe(reads);
  });

  it('sends nothing that a store read returns after the client unsubscribed', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const sink = new RecordingSink();
    store.stored.push(event(1));
    store.holdLoads();
    hub.subscribe(sink, ORDER, { closeOnTerminal: false });
    await settle();
    expect(hub.unsubscribe(sink, ORDER)).toBe(true);
    store.releaseLoads();
    await settle();
    expect(sink.frames).toEqual([]);
    expect(hub.unsubscribe(sink, ORDER)).toBe(false); // already gone
  });

  it('forgets a dropped client everywhere: live events, "*" and later subscriptions of others', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const [gone, stays] = [new RecordingSink(), new RecordingSink()];
    const other = '55555555-5555-4555-8555-555555555555';
    hub.subscribe(gone, ORDER, { closeOnTerminal: false });
    hub.subscribe(gone, other, { closeOnTerminal: false });
    hub.subscribeAll(gone);
    hub.subscribe(stays, ORDER, { closeOnTerminal: false });
    await settle();
    hub.drop(gone);
    hub.drop(new RecordingSink()); // a client that followed nothing
    store.stored.push(event(1), event(1, other));
    hub.publish(event(1));
    hub.publish(event(1, other));
    await settle();
    expect(gone.frames).toEqual([]);
    expect(stays.seqs).toEqual([1]);
  });
});

describe('OrderStreamHub: following every order', () => {
  it('sends every live event once to "*" followers, without duplicating orders they also follow', async () => {
    const store = fakeStore();
    const hub = new OrderStreamHub(store.load);
    const [dashboard, both] = [new RecordingSink(), new RecordingSink()];
    hub.subscribeAll(dashboard);
    hub.subscribeAll(both);
    hub.subscribe(both, ORDER, { closeOnTerminal: false });
    await settle();
    const other = '33333333-3333-4333-8333-333333333333';
    store.stored.push(event(1), event(1, other));
    hub.publish(event(1));
    hub.publish(event(1, other));
    await settle();
    expect(dashboard.frames.map((f) => f.data.orderId)).toEqual([ORDER, other]);
    expect(both.frames.map((f) => f.data.orderId).sort()).toEqual([ORDER, other].sort());

    hub.unsubscribeAll(dashboard);
    hub.publish(event(2, other));
    expect(dashboard.frames).toHaveLength(2);
  });

  it('a "*" follower scoped to an owner gets only that owner\'s orders, looking each owner up once', async () => {
    const store = fakeStore();
    const alice = '22222222-2222-4222-8222-222222222222';
    const bob = '33333333-3333-4333-8333-333333333333';
    const nobody = '44444444-4444-4444-8444-444444444444';
    const lookups: string[] = [];
    const owners: Record<string, string | null> = { [alice]: 'alice', [bob]: 'bob', [nobody]: null };
    const hub = new OrderStreamHub(store.load, async (orderId) => (lookups.push(orderId), owners[orderId]));
    const [aliceBoard, operator, aliceAlsoFollowing] = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    hub.subscribeAll(aliceBoard, 'alice');
    hub.subscribeAll(operator);
    hub.subscribeAll(aliceAlsoFollowing, 'alice');
    hub.subscribe(aliceAlsoFollowing, alice, { closeOnTerminal: false });
    await settle();
    store.stored.push(event(1, alice), event(2, alice));
    for (const published of [event(1, alice), event(1, bob), event(1, nobody), event(2, alice)]) hub.publish(published);
    await settle();
    await settle();
    expect(aliceBoard.frames.map((f) => [f.data.orderId, f.data.seq])).toEqual([
      [alice, 1],
      [alice, 2],
    ]);
    expect(operator.frames.map((f) => f.data.orderId)).toEqual([alice, bob, nobody, alice]);
    // A client following the order itself gets it once, through that subscription.
    expect(aliceAlsoFollowing.seqs).toEqual([1, 2]);
    expect(lookups.sort()).toEqual([alice, bob, nobody].sort());
  });

  it('says what a client follows, and how many streams ("*" counts as one)', async () => {
    const hub = new OrderStreamHub(fakeStore().load);
    const client = new RecordingSink();
    expect(hub.follows(client, ORDER)).toBe(false);
    expect(hub.follows(client, '*')).toBe(false);
    expect(hub.followCount(client)).toBe(0);
    hub.subscribe(client, ORDER, { closeOnTerminal: false });
    expect(hub.follows(client, ORDER)).toBe(true);
    expect(hub.follows(client, '*')).toBe(false);
    hub.subscribeAll(client);
    expect(hub.follows(client, '*')).toBe(true);
    expect(hub.followCount(client)).toBe(2);
    expect(hub.unsubscribe(client, ORDER)).toBe(true);
    expect(hub.unsubscribe(client, ORDER)).toBe(false);
    expect(hub.followCount(client)).toBe(1);
    expect(hub.follows(client, ORDER)).toBe(false);
  });
});
