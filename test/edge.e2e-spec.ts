import { openTestDatabase, type TestDatabase } from './support/database.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Security headers, CORS and whose X-Forwarded-For is believed. */
describe('the edge: headers, CORS, TRUST_PROXY', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  const apps: Record<string, TestApp> = {};

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), openTestDatabase()]);
    const limits = { RATE_LIMIT_READS: '2', PRICE_SAMPLE_MS: '0' };
    apps.direct = await startTestApp(redis.url, { ...limits, CORS_ORIGINS: 'https://desk.example' }, database);
    apps.proxied = await startTestApp(redis.url, { ...limits, TRUST_PROXY: '1' }, database);
  });
  afterAll(async () => {
    for (const app of Object.values(apps)) await app.close();
    await database?.dispose();
    await redis?.remove();
  });

  it("sends helmet's security headers on pages", async () => {
    for (const path of ['/', '/docs']) {
      const response = await fetch(`${apps.direct.baseUrl}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' ws: wss:");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('sends the API set on JSON under /api, errors included: nothing cached, loaded, framed or sniffed', async () => {
    const responses = [
      await fetch(`${apps.direct.baseUrl}/api/health/live`),
      await fetch(`${apps.direct.baseUrl}/api/orders/execute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    ];
    for (const response of responses) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    }
    expect(responses[1].status).toBe(400);
  });

  it('answers CORS for the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${apps.direct.baseUrl}/api/orders`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await preflight('https://desk.example')).headers.get('access-control-allow-origin')).toBe('https://desk.example');
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    const cancel = await fetch(`${apps.direct.baseUrl}/api/orders/00000000-0000-4000-8000-000000000000`, {
      method: 'OPTIONS',
      headers: { origin: 'https://desk.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization,idempotency-key' },
    });
    expect(cancel.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(cancel.headers.get('access-control-allow-headers')).toMatch(/authorization.*idempotency-key/);
    // Without CORS_ORIGINS: no cross-origin access at all.
    const other = await fetch(`${apps.proxied.baseUrl}/api/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'https://desk.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('believes X-Forwarded-For only with TRUST_PROXY: each forwarded client has its own budget behind a trusted proxy, and none otherwise', async () => {
    const read = (app: TestApp, forwardedFor: string) =>
      fetch(`${app.baseUrl}/api/stats`, { headers: { 'x-forwarded-for': forwardedFor } }).then((r) => r.status);
    // Trusted (one hop): 198.51.100.1 and .2 are two clients, two reads each.
    expect([await read(apps.proxied, '198.51.100.1'), await read(apps.proxied, '198.51.100.1'), await read(apps.proxied, '198.51.100.2')]).toEqual([
      200, 200, 200,
    ]);
    expect(await read(apps.proxied, '198.51.100.1')).toBe(429);
    // Not trusted: the header is the client's say-so; every request is the socket's address, one budget.
    expect([await read(apps.direct, '203.0.113.1'), await read(apps.direct, '203.0.113.2'), await read(apps.direct, '203.0.113.3')]).toEqual([200, 200, 429]);
  });
});
