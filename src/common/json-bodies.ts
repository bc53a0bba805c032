import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorResponse } from '../contracts/rest.js';

/**
 * Request bodies are JSON: a body sent with any other Content-Type (or none,
 * as a plain `curl -d` does) is refused with 415 naming the expected type,
 * before it is parsed, instead of being read as text and failing validation.
 */
export function requireJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request.headers) || isJson(request.headers['content-type'])) return done();
    const body: ErrorResponse = {
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Content-Type must be application/json (got ${request.headers['content-type'] ?? 'none'})`,
    };
    void reply.code(415).send(body);
  });
}

const hasBody = (headers: Record<string, string | string[] | undefined>): boolean =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

const isJson = (contentType: string | undefined): boolean => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');
