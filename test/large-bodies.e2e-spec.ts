import { createTestSchema, type TestSchema } from './support/database.js';
import { startEngineProcess, type EngineProcess } from './support/engine-process.js';
import { SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';

/**
 * A body over the limit, sent by Node's fetch to the engine in its own process (in the test's process the
 * client and server take turns on one event loop, and the race that broke the pipe never shows).
 */
describe('a too-large body', () => {
  let redis: TestRedis;
  let schema: TestSchema;
  let engine: EngineProcess;

  beforeAll(async () => {
    [redis, schema] = await Promise.all([startTestRedis(), createTestSchema()]);
    engine = await startEngineProcess({ REDIS_URL: redis.url, DATABASE_URL: schema.url, REDIS_KEY_PREFIX: `big${Date.now()}`, PRICE_SAMPLE_MS: '0' });
  });

  afterAll(async () => {
    await engine?.kill('SIGKILL');
    await Promise.all([redis?.remove(), schema?.drop()]);
  });

  it("gets its 413 in Node's fetch while it is still sending, declared or chunked, not a broken pipe", async () => {
    const declared = JSON.stringify({ ...SOL_USDC, padding: 'x'.repeat(5 * 1024 * 1024) });
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const chunked = () => {
      let sent = 0;
      return new ReadableStream({ pull: (controller) => (sent++ < 80 ? controller.enqueue(chunk) : controller.close()) });
    };
    // Before the fix about half of these failed with EPIPE: the answer came, and the socket closed, mid-upload.
    for (let i = 0; i < 10; i++) {
      for (const body of [declared, chunked()]) {
        const response = await fetch(`${engine.baseUrl}/api/orders/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit);
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      }
    }
  });
});
