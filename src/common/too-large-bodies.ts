import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a client that sent too much may still send, after its 413, before the connection is cut. */
const LINGER = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * A body over the limit gets its 413 in a way every client can read. Fastify answers as soon as the body is
 * known to be too large and closes the connection, while the client is still sending: curl reads the answer,
 * but Node's fetch (undici) fails its write with EPIPE and never sees it. So, as nginx does (lingering close),
 * the rest of the body is read and dropped — up to a bound — and the connection stays open.
 */
export function answerTooLargeBodies(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode === 413 && !request.raw.complete) {
        reply.removeHeader('connection');
        drainBounded(request.raw);
      }
      done(null, payload);
    });
}

function drainBounded(request: IncomingMessage): void {
  let drained = 0;
  const cut = () => request.socket.destroy();
  const timer = setTimeout(cut, LINGER.maxMs).unref();
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER.maxBytes) cut();
  });
  request.once('close', () => clearTimeout(timer));
  request.resume();
}
