import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a client that was answered before it finished sending may still send, and for how long. */
const LINGER = { maxBytes: 16 * 1024 * 1024, maxMs: 10_000 };

/**
 * An answer given before the request's body was read (a 413 for a body over the limit, a 415, a 401…) reaches
 * every client. Fastify answers as soon as it knows and closes the connection while the client is still
 * sending: curl reads the answer, but Node's fetch (undici) fails its write with EPIPE and never sees it. So,
 * as nginx does (lingering close), the rest of the body is read and dropped, within a bound (past it the
 * connection is cut), and the connection stays usable: a client that reuses it (undici does) finds it open.
 */
export function answerBeforeBodyRead(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode >= 400 && !request.raw.complete) {
        reply.removeHeader('connection');
        lingeringClose(request.raw);
      }
      done(null, payload);
    });
}

function lingeringClose(request: IncomingMessage): void {
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
