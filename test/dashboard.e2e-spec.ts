import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { getJson } from './support/http.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

describe('the live dashboard in a real browser', () => {
  let redis: TestRedis;
  let engine: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    redis = await startTestRedis();
    engine = await startTestApp(redis.url, { SIM_SETTLE_DELAY_MS: '400', SIM_QUOTE_DELAY_MS: '20', PRICE_SAMPLE_MS: '200' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    await redis?.remove();
  });

  /** The dashboard, loaded and live, with the page errors it raises collected. */
  async function openDashboard() {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(engine.baseUrl);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#connection[data-state="open"]');
    return { page, consoleErrors };
  }

  it('places an order through the form, shows the live quote, and sees the order reach confirmed in the table', async () => {
    const { page, consoleErrors } = await openDashboard();

    await page.selectOption('#input-token', 'SOL');
    await page.selectOption('#output-token', 'USDC');
    await page.fill('#amount', '2.5');
    const route = page.locator('[data-testid="quote-route"]');
    await route.waitFor();
    expect(await route.textContent()).toMatch(/Route: 100\.00% (raydium|meteora):(SOL-USDC|USDC-SOL)(@\w+)? → [\d,.]+ USDC/);
    expect(await page.locator('#quote').textContent()).toMatch(/raydium: [\d,.]+ USDC.*meteora: [\d,.]+ USDC|meteora: [\d,.]+ USDC.*raydium: [\d,.]+ USDC/);

    await page.click('#submit');
    const row = page.locator('#orders tbody tr').first();
    await row.locator('.chip[data-status="confirmed"]').waitFor({ timeout: 15_000 });
    const orderId = await row.getAttribute('data-order-id');
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row.textContent()).toContain('SOL→USDC');

    // The detail panel (opened on submit) shows the timeline, both venues' quotes and the tx hash.
    const order = (await getJson(engine.baseUrl, `/api/orders/${orderId}`)).body;
    expect(order.status).toBe('confirmed');
    await page.locator('#detail-summary dd[data-field="tx-hash"]', { hasText: order.txHash }).waitFor();
    await page.locator('#timeline li').nth(4).waitFor();
    expect(await page.locator('#timeline li').allTextContents()).toEqual([
      expect.stringContaining('pending'),
      expect.stringContaining('routing'),
      expect.stringContaining('building'),
      expect.stringContaining('submitted'),
      expect.stringContaining('confirmed'),
    ]);
    expect(await page.locator('#detail-quotes tbody tr').count()).toBe(2);
    // Each SOL/USDC pool's line, and the fair price's, with how far each venue's best and each pool quotes from it.
    const solUsdcPools = ['raydium:USDC-SOL', 'raydium:USDC-SOL@100', 'meteora:USDC-SOL', 'meteora:USDC-SOL@bin1', 'meteora:USDC-SOL@bin25'];
    await page.waitForFunction((count) => document.querySelectorAll('#chart polyline').length === count, solUsdcPools.length + 1);
    expect((await page.locator('#chart polyline[data-pool]').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-pool')))).sort()).toEqual(
      [...solUsdcPools].sort(),
    );
    expect(await page.locator('#chart').textContent()).toMatch(/vs fair, fees in: raydium -?\d+ bps · meteora -?\d+ bps/);
    for (const pool of solUsdcPools) {
      const entry = await page.locator(`#chart-legend .pool[data-pool="${pool}"]`).textContent();
      expect(entry!.trim().split(' ').slice(0, -2)).toEqual([pool]);
      expect(entry).toMatch(/ -?\d+ bps$/);
    }
    expect(await page.locator('#stat-throughput').textContent()).toMatch(/^\d+$/);
    // Queue counters say "jobs"; the order status word "waiting" is only ever an order's (resting orders).
    expect(await page.locator('header .stats').textContent()).toMatch(/jobs queued.*jobs running.*jobs delayed.*orders resting/s);
    expect(await page.locator('header .stats').textContent()).not.toMatch(/\bwaiting\b/);
    expect(await page.locator('#stat-limiter').textContent()).toMatch(/^\d+\/100000 started this window$/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('places a limit order through the form, shows it resting with its gap to the market, and cancels it', async () => {
    const { page, consoleErrors } = await openDashboard();

    await page.selectOption('#order-type', 'limit');
    expect(await page.locator('#slippage').isVisible()).toBe(false);
    await page.selectOption('#input-token', 'SOL');
    await page.selectOption('#output-token', 'USDC');
    await page.fill('#amount', '1');
    await page.fill('#limit-price', '100000');
    await page.click('#submit');

    const resting = page.locator('#resting tbody tr');
    await resting.first().waitFor({ timeout: 15_000 });
    const orderId = await resting.first().getAttribute('data-order-id');
    const cells = await resting.first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['SOL→USDC', '1 SOL', '100000']);
    expect(cells[3]).toMatch(/^\d+(\.\d+)?$/);
    expect(cells[4]).toMatch(/^\d+(\.\d+)? bps$/);

    await resting.first().locator('button.cancel').click();
    await page.locator(`#orders tbody tr[data-order-id="${orderId}"] .chip[data-status="cancelled"]`).waitFor();
    await page.locator('#resting-empty').waitFor();
    expect(await resting.count()).toBe(0);
    expect((await getJson(engine.baseUrl, `/api/orders/${orderId}`)).body.status).toBe('cancelled');
    expect(consoleErrors).toEqual([]);
  });

  it('with API keys, asks for a key, then works with it: its orders listed and followed live over a ticketed socket', async () => {
    const key = 'dashboard-key-0123456789';
    const secured = await startTestApp(redis.url, { API_KEYS: `desk:${key}`, SIM_SETTLE_DELAY_MS: '200', PRICE_SAMPLE_MS: '0' });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(secured.baseUrl);
      await page.locator('#auth').waitFor({ state: 'visible' });
      await page.fill('#api-key', 'wrong-key-0123456789');
      await page.click('#auth button');
      await page.waitForSelector('#auth-error:has-text("refused")');
      await page.fill('#api-key', key);
      await page.click('#auth button');
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('#connection[data-state="open"]');
      expect(await page.locator('#auth').isHidden()).toBe(true);

      await page.fill('#amount', '0.5');
      await page.click('#submit');
      const row = page.locator('#orders tbody tr').first();
      await row.locator('.chip[data-status="confirmed"]').waitFor({ timeout: 15_000 });
      const orderId = await row.getAttribute('data-order-id');
      const stored = await secured.sql.query<{ owner: string }>('SELECT owner FROM orders WHERE id = $1', [orderId]);
      expect(stored).toEqual([{ owner: 'desk' }]);
      await page.close();
    } finally {
      await secured.close();
    }
  });

  it('serves Swagger UI at /docs under the security headers (its own inline scripts allowed)', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${engine.baseUrl}/docs`);
    await page.locator('.swagger-ui .information-container').waitFor({ timeout: 10_000 });
    expect(await page.locator('.opblock-summary-path', { hasText: '/api/orders/execute' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("serves the operators' queue dashboard at /admin/queues under the security headers", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${engine.baseUrl}/admin/queues`);
    await page.getByText('order-execution').first().waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
