import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { OrderLifecycleEvent } from '../contracts/order-lifecycle.js';
import type { RedisConnections } from '../redis/redis-connections.js';
import { LocalOrderEvents } from './local-order-events.js';
import { encodeEventsMessage } from './order-events.publisher.js';
import { OrderEventsSubscriber } from './order-events.subscriber.js';

const CHANNEL = 'test:order-events';
const event = (orderId: string, seq: number) => ({ orderId, seq, status: 'pending', at: new Date(0).toISOString(), attempt: 0 }) as OrderLifecycleEvent;

/** A subscriber on a stand-in Redis connection the test publishes on. */
async function subscriberOn(local: LocalOrderEvents) {
  const redis = Object.assign(new EventEmitter(), { subscribe: async () => 1 });
  const connections = { create: () => redis, key: (...parts: string[]) => ['test', ...parts].join(':') } as unknown as RedisConnections;
  const subscriber = new OrderEventsSubscriber(connections, local);
  await subscriber.onModuleInit();
  const received: string[] = [];
  subscriber.listen({ onOrderEvent: (e) => received.push(`${e.orderId}#${e.seq}`), onResync: () => undefined });
  return { received, fromRedis: (message: string) => redis.emit('message', CHANNEL, message) };
}

describe('OrderEventsSubscriber', () => {
  it("hands this process's events to its listeners when they are published, and skips Redis's copy of them", async () => {
    const local = new LocalOrderEvents();
    const { received, fromRedis } = await subscriberOn(local);
    local.emit([event('a', 1), event('a', 2)]);
    fromRedis(encodeEventsMessage(local.source, [event('a', 1), event('a', 2)]));
    expect(received).toEqual(['a#1', 'a#2']);
  });

  it('a listener that throws keeps the events from no other listener', () => {
    const local = new LocalOrderEvents();
    const received: string[] = [];
    local.listen(() => {
      throw new Error('a bug in one listener');
    });
    local.listen((events) => received.push(...events.map((e) => `${e.orderId}#${e.seq}`)));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    local.emit([event('d', 1)]);
    expect(received).toEqual(['d#1']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('a bug in one listener'));
    logged.mockRestore();
  });

  it("hands on other processes' events from Redis, including the bare arrays older engines publish", async () => {
    const local = new LocalOrderEvents();
    const { received, fromRedis } = await subscriberOn(local);
    fromRedis(encodeEventsMessage(new LocalOrderEvents().source, [event('b', 1)]));
    fromRedis(JSON.stringify([event('c', 1)]));
    fromRedis('not json');
    expect(received).toEqual(['b#1', 'c#1']);
  });
});
