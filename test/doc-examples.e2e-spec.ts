import { readFileSync } from 'node:fs';
import { docExamples, shapeProblems, type DocExample } from './support/doc-examples.js';
import { getJson } from './support/http.js';
import { useEngine } from './support/test-app.js';
import { waitUntil } from './support/wait.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Every HTTP example of the README and docs/api.md, run in order against a live engine: the documented status,
 * and the documented shape of the answer (its fields and types; names and constants exactly). An example
 * cannot rot without this failing.
 */
describe('the documented examples, run', () => {
  // Prices sampled often enough that the price history example has points by the time it runs.
  const context = useEngine({ PRICE_SAMPLE_MS: '50' });

  for (const document of ['README.md', 'docs/api.md']) {
    it(`${document}: every request answers as documented`, async () => {
      const examples = docExamples(read(document));
      expect(examples.length).toBeGreaterThan(0);
      let lastOrder: string | undefined;
      for (const example of examples) {
        const { status, body } = await run(example, lastOrder);
        expect({ at: `${document}:${example.line} ${example.method} ${example.path}`, status, problems: shapeProblems(example.answer, body) }).toEqual({
          at: `${document}:${example.line} ${example.method} ${example.path}`,
          status: example.status,
          problems: [],
        });
        if (example.path === '/api/orders/execute' && typeof body?.orderId === 'string') {
          lastOrder = body.orderId as string;
          await settled(lastOrder);
        }
      }
    });
  }

  /** The example's request; an order id in its path means the order the last example placed. */
  async function run(example: DocExample, lastOrder: string | undefined): Promise<{ status: number; body: any }> {
    const path = lastOrder ? example.path.replace(UUID, lastOrder) : example.path;
    const response = await fetch(`${context.engine.baseUrl}${path}`, { method: example.method, headers: example.headers, body: example.body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** An order placed by an example has finished executing (or rests) before the next example reads it. */
  async function settled(orderId: string): Promise<void> {
    await waitUntil(
      async () =>
        ['confirmed', 'failed', 'waiting', 'cancelled', 'expired'].includes((await getJson(context.engine.baseUrl, `/api/orders/${orderId}`)).body.status),
      10_000,
      `order ${orderId} to settle`,
    );
  }
});
