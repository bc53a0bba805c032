import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('runs the calls of one turn as one batch, in order, and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (inputs) => {
      batches.push(inputs);
      return inputs.map((n) => n * 10);
    });
    await expect(Promise.all([1, 2, 3].map((n) => batcher.submit(n)))).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects calls made while a batch runs into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number, number>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await gate;
      return inputs;
    });
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.submit(2), batcher.submit(3)];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (inputs) => {
      if (fail) throw new Error('database down');
      return inputs;
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('database down');
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });

  it('caps a batch at maxBatch calls', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (inputs) => (sizes.push(inputs.length), inputs), { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('with room for two batches, runs a later call at once, except one whose key a running batch holds', async () => {
    const started: string[][] = [];
    const gates = new Map<string, () => void>();
    const batcher = new Batcher<string, string>(
      async (inputs) => {
        started.push(inputs);
        await new Promise<void>((resolve) => gates.set(inputs.join(), resolve));
        return inputs;
      },
      { maxInFlight: 2, key: (input) => input.split(':')[0] },
    );
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const first = batcher.submit('a:1');
    await turn();
    const [sameKey, otherKey] = [batcher.submit('a:2'), batcher.submit('b:1')];
    await turn();
    expect(started).toEqual([['a:1'], ['b:1']]); // b runs beside a; a's second call waits for a's first
    gates.get('b:1')!();
    await otherKey;
    await turn();
    expect(started).toHaveLength(2);
    gates.get('a:1')!();
    await first;
    await turn();
    expect(started).toEqual([['a:1'], ['b:1'], ['a:2']]);
    gates.get('a:2')!();
    await expect(sameKey).resolves.toBe('a:2');
  });
});
