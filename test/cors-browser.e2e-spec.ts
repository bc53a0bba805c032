import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { postJson, SOL_USDC } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestWsClient } from './support/ws-client.js';

const KEY = 'browser-desk-0123456789';

/** A trading page served from another origin, calling the engine from a real browser (CORS preflights and all). */
describe('the API from a page on another origin, in a real browser', () => {
  let redis: TestRedis;
  let engine: TestApp;
  let browser: Browser;
  let page: Server;
  let pageOrigin: string;

  beforeAll(async () => {
    page = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>desk</title>'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://localhost:${(page.address() as { port: number }).port}`;
    redis = await startTestRedis();
    engine = await startTestApp(redis.url, { CORS_ORIGINS: pageOrigin, API_KEYS: `desk:${KEY}`, RATE_LIMIT_SUBMITS: '100' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    await redis?.remove();
    page?.close();
  });

  it('places and cancels an order with the headers a client sends, and reads the headers the API exposes', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    const result = await tab.evaluate(
      async ({ api, key, order }) => {
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'desk-1', 'x-request-id': 'desk-req-1' };
        const placed = await fetch(`${api}/api/orders/execute`, { method: 'POST', headers, body: JSON.stringify(order) });
        const { orderId } = await placed.json();
        const cancelled = await fetch(`${api}/api/orders/${orderId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${key}`, 'x-request-id': 'desk-req-2' },
        });
        return {
          placed: placed.status,
          placedRequestId: placed.headers.get('x-request-id'),
          placedBudget: placed.headers.get('ratelimit-remaining'),
          cancelled: cancelled.status,
          status: (await cancelled.json()).status,
          cancelledRequestId: cancelled.headers.get('x-request-id'),
        };
      },
      { api: engine.baseUrl, key: KEY, order: { ...SOL_USDC, type: 'limit', side: 'sell', limitPrice: '100000' } },
    );
    expect(result).toEqual({
      placed: 202,
      placedRequestId: 'desk-req-1',
      placedBudget: expect.stringMatching(/^\d+$/),
      cancelled: 200,
      status: 'cancelled',
      cancelledRequestId: 'desk-req-2',
    });
  });

  it('sees Retry-After on a refusal it may retry', async () => {
    const resting = await postJson(
      engine.baseUrl,
      '/api/orders/execute',
      { ...SOL_USDC, type: 'limit', limitPrice: '100000' },
      { authorization: `Bearer ${KEY}` },
    );
    await (
      await TestWsClient.connect(`${resting.body.wsUrl}`, 5_000, { headers: { authorization: `Bearer ${KEY}` } })
    ).waitForStatus(resting.body.orderId, 'waiting');
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    // Redis away: a submit is refused with 503 and Retry-After, which the page can read.
    await redis.stop();
    try {
      const refused = await tab.evaluate(
        async ({ api, key, order }) => {
          const response = await fetch(`${api}/api/orders/execute`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(order),
          });
          return { status: response.status, retryAfter: response.headers.get('retry-after') };
        },
        { api: engine.baseUrl, key: KEY, order: SOL_USDC },
      );
      expect(refused).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
    } finally {
      await redis.restart();
    }
  });
});
