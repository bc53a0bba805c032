import { readFileSync } from 'node:fs';
import newman from 'newman';
import { useEngine } from './support/test-app.js';

const collection = JSON.parse(readFileSync(new URL('../postman_collection.json', import.meta.url), 'utf8'));
const environment = JSON.parse(readFileSync(new URL('../docs/postman/local.postman_environment.json', import.meta.url), 'utf8'));

function runCollection(baseUrl: string, wsBaseUrl: string): Promise<newman.NewmanRunSummary> {
  const env = {
    ...environment,
    values: [
      { key: 'baseUrl', value: baseUrl, enabled: true },
      { key: 'wsBaseUrl', value: wsBaseUrl, enabled: true },
    ],
  };
  return new Promise((resolve, reject) =>
    newman.run({ collection, environment: env, reporters: [] }, (error, summary) => (error ? reject(error) : resolve(summary))),
  );
}

describe('postman_collection.json against the running engine', () => {
  const context = useEngine();

  it('runs every HTTP request of the collection with all its assertions passing', async () => {
    const summary = await runCollection(context.engine.baseUrl, context.engine.wsBaseUrl);
    const failures = summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`);
    expect(failures).toEqual([]);
    const requests = summary.run.executions.length;
    expect(requests).toBeGreaterThanOrEqual(25);
    expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(requests);
    expect(summary.run.stats.assertions.failed).toBe(0);
  });
});
