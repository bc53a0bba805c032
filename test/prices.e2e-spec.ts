import { getJson } from './support/http.js';
import { useEngine } from './support/test-app.js';

describe('GET /api/prices with sampling off (PRICE_SAMPLE_MS=0)', () => {
  const context = useEngine({ PRICE_SAMPLE_MS: '0' });

  it('answers a listed pair with an empty history and intervalMs 0, and refuses a pair not listed', async () => {
    const listed = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-USDC');
    expect(listed).toMatchObject({ status: 200, body: { pair: 'SOL-USDC', intervalMs: 0, points: [] } });
    const other = await getJson(context.engine.baseUrl, '/api/prices?pair=SOL-DOGE');
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({ field: 'pair', rule: 'isIn' });
  });
});
