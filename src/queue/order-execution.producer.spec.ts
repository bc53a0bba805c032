import type { AppConfig } from '../config/app-config.js';
import { DependencyUnavailableError } from '../common/errors/request.errors.js';
import { OrderExecutionProducer } from './order-execution.producer.js';

/** A queue whose Redis stops answering: adds hang until the test lets them through. */
class HungQueue {
  private answer!: () => void;
  readonly removed: string[] = [];
  readonly added: string[][] = [];
  readonly backend = { client: Promise.resolve({ status: 'ready' }) };

  getBackend() {
    return this.backend;
  }
  on() {}
  addBulk(jobs: { opts: { jobId: string } }[]): Promise<void> {
    this.added.push(jobs.map((job) => job.opts.jobId));
    return new Promise((resolve) => (this.answer = resolve));
  }
  async remove(jobId: string): Promise<number> {
    this.removed.push(jobId);
    return 1;
  }
  resume(): void {
    this.answer();
  }
}

const config = { queue: { attempts: 3 }, redis: { commandTimeoutMs: 50 } } as unknown as AppConfig;

describe('OrderExecutionProducer against a Redis that stops answering', () => {
  it('refuses within the timeout, sends nothing more while that add is unanswered, and removes its job once it lands', async () => {
    const queue = new HungQueue();
    const producer = new OrderExecutionProducer(queue as unknown as ConstructorParameters<typeof OrderExecutionProducer>[0], config);
    await expect(producer.enqueue('order-1')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(producer.enqueue('order-2')).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(queue.added).toEqual([['order-1']]);

    queue.resume();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // The refused order's job, added late, is removed: it would have spent a start of the rate limit on nothing.
    expect(queue.removed).toEqual(['order-1']);
  });
});
