import type { OrderLifecycleEvent } from './order-lifecycle.js';
import { encodeStatusFrame, statusFrame } from './ws-frames.js';

describe('order.status frames', () => {
  const events = [
    { orderId: '11111111-1111-4111-8111-111111111111', seq: 1, status: 'pending', at: '2026-11-26T06:00:00.000Z', attempt: 0, inputToken: { symbol: 'SOL' } },
    {
      orderId: '22222222-2222-4222-8222-222222222222',
      seq: 6,
      status: 'failed',
      at: '2026-11-26T06:00:01.000Z',
      attempt: 3,
      error: { code: 'SLIPPAGE', message: 'got "less" than \\ asked — ✗\n' },
    },
  ] as unknown as OrderLifecycleEvent[];

  it('encodes the same text around an event JSON encoded once as JSON.stringify of the frame', () => {
    for (const event of events) {
      expect(encodeStatusFrame(event)).toBe(JSON.stringify(statusFrame(event)));
      expect(encodeStatusFrame(event, JSON.stringify(event))).toBe(JSON.stringify(statusFrame(event)));
    }
  });
});
