import WebSocket from 'ws';
import { isTerminalStatus, type OrderLifecycleEvent, type OrderStatus } from '../../src/contracts/order-lifecycle.js';
import type { ServerFrame } from '../../src/contracts/ws-frames.js';

type Frame = ServerFrame;

/** A WebSocket client that records every frame and lets a test wait for one, with a timeout. */
export class TestWsClient {
  readonly frames: Frame[] = [];
  closeCode?: number;
  private waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.closeWaiters.forEach((resolve) => resolve(code));
    });
  }

  static connect(url: string, timeoutMs = 5_000, options?: WebSocket.ClientOptions): Promise<TestWsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      const client = new TestWsClient(socket);
      const timer = setTimeout(() => reject(new Error(`no connection to ${url}`)), timeoutMs);
      socket.once('open', () => (clearTimeout(timer), resolve(client)));
      socket.once('error', (error) => (clearTimeout(timer), reject(error)));
      socket.once('unexpected-response', (_req, res) => (clearTimeout(timer), reject(new Error(`HTTP ${res.statusCode}`))));
    });
  }

  send(event: string, data?: unknown): void {
    this.socket.send(JSON.stringify({ event, data }));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The first frame (already received or still to come) matching `test`. */
  waitFor(test: (frame: Frame) => boolean, timeoutMs = 10_000, what = 'frame'): Promise<Frame> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.map((f) => f.event))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Waits for a frame that arrives after now (ignores those already received). */
  nextFrame(test: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const already = this.frames.length;
    return this.waitFor((f) => test(f) && this.frames.indexOf(f) >= already, timeoutMs);
  }

  waitForStatus(orderId: string, status: OrderStatus, timeoutMs = 15_000): Promise<OrderLifecycleEvent> {
    return this.waitFor((f) => f.event === 'order.status' && f.data.orderId === orderId && f.data.status === status, timeoutMs, `${status} of ${orderId}`).then(
      (f) => f.data as OrderLifecycleEvent,
    );
  }

  waitForTerminal(orderId: string, timeoutMs = 15_000): Promise<OrderLifecycleEvent> {
    return this.waitFor(
      (f) => f.event === 'order.status' && f.data.orderId === orderId && isTerminalStatus(f.data.status),
      timeoutMs,
      `terminal status of ${orderId}`,
    ).then((f) => f.data as OrderLifecycleEvent);
  }

  statuses(orderId: string): OrderStatus[] {
    return this.events(orderId).map((e) => e.status);
  }

  events(orderId: string): OrderLifecycleEvent[] {
    return this.frames
      .filter((f): f is Extract<Frame, { event: 'order.status' }> => f.event === 'order.status' && f.data.orderId === orderId)
      .map((f) => f.data);
  }

  waitForClose(timeoutMs = 10_000): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.closeWaiters.push((code) => (clearTimeout(timer), resolve(code)));
    });
  }

  close(): void {
    this.socket.close();
  }
}
