import { socketSink, type SinkSocket } from './socket-sink.js';

/** A socket whose unsent bytes the test sets, recording what the sink does to it. */
function fakeSocket(bufferedAmount = 0) {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount,
    sent: [] as string[],
    terminated: false,
    send(text: string) {
      this.sent.push(text);
    },
    close() {
      this.readyState = 3;
    },
    terminate() {
      this.terminated = true;
      this.readyState = 3;
    },
  };
  return socket;
}

describe('socketSink', () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };

  it('sends frames while the client keeps up', () => {
    const socket = fakeSocket(1_000);
    const sink = socketSink(socket as unknown as SinkSocket, 64 * 1024, logger);
    sink.send('a');
    sink.send('b');
    expect(socket.sent).toEqual(['a', 'b']);
    expect(socket.terminated).toBe(false);
  });

  it('cuts off a client whose unsent frames pass the bound, says so, and sends it nothing more', () => {
    const socket = fakeSocket(0);
    const sink = socketSink(socket as unknown as SinkSocket, 64 * 1024, logger);
    sink.send('before');
    socket.bufferedAmount = 64 * 1024 + 1;
    sink.send('over the bound');
    sink.send('after');
    expect(socket.sent).toEqual(['before']);
    expect(socket.terminated).toBe(true);
    expect(warnings).toEqual([expect.stringContaining('not reading (65537 bytes unsent)')]);
  });

  it('keeps a client exactly at the bound', () => {
    const socket = fakeSocket(64 * 1024);
    socketSink(socket as unknown as SinkSocket, 64 * 1024, logger).send('x');
    expect(socket.sent).toEqual(['x']);
  });

  it('holds the frames of one event-loop turn in one write: corks the TCP socket once, uncorks when the turn ends', async () => {
    const calls: string[] = [];
    const socket = Object.assign(fakeSocket(0), { _socket: { cork: () => calls.push('cork'), uncork: () => calls.push('uncork') } });
    const sink = socketSink(socket as unknown as SinkSocket, 64 * 1024, logger);
    sink.send('a');
    sink.send('b');
    expect(calls).toEqual(['cork']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['cork', 'uncork']);
    sink.send('c'); // a later turn corks again
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['cork', 'uncork', 'cork', 'uncork']);
    expect(socket.sent).toEqual(['a', 'b', 'c']);
  });

  it('sends nothing to a socket that is no longer open', () => {
    const socket = fakeSocket(0);
    socket.readyState = 3;
    socketSink(socket as unknown as SinkSocket, 64 * 1024, logger).send('late');
    expect(socket.sent).toEqual([]);
  });

  it('closes an open socket with the code and reason, and leaves a closed one alone', () => {
    const closes: [number, string][] = [];
    const socket = fakeSocket(0);
    socket.close = function (this: typeof socket, ...args: unknown[]) {
      closes.push(args as [number, string]);
      this.readyState = 3;
    };
    const sink = socketSink(socket as unknown as SinkSocket, 64 * 1024, logger);
    sink.close(1000, 'order finished');
    sink.close(1001, 'again');
    expect(closes).toEqual([[1000, 'order finished']]);
  });
});
