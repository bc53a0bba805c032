import type { Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import type { FrameSink } from './order-stream.js';

/** What the sink needs of a `ws` socket. */
export type SinkSocket = Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send' | 'close' | 'terminate'>;

/** Frames to one socket; a client with more than `maxBufferedBytes` unsent is not reading and is cut off. */
export function socketSink(socket: SinkSocket, maxBufferedBytes: number, logger: Pick<Logger, 'warn'>): FrameSink {
  const cork = corker(socket);
  return {
    send(text) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) {
        logger.warn(`cut off a WebSocket client that is not reading (${socket.bufferedAmount} bytes unsent)`);
        return socket.terminate();
      }
      cork();
      socket.send(text);
    },
    close(code, reason) {
      if (socket.readyState === socket.OPEN) socket.close(code, reason);
    },
  };
}

/**
 * Frames sent to one socket in the same turn of the event loop leave in one
 * write (one system call) instead of one each: `ws` has no API for it, so
 * this corks its underlying TCP socket until the turn ends.
 */
function corker(socket: SinkSocket): () => void {
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  let corked = false;
  return () => {
    if (corked || !raw) return;
    corked = true;
    raw.cork();
    setImmediate(() => {
      corked = false;
      raw.uncork();
    });
  };
}
