/**
 * Group commit for an asynchronous operation: calls made while a batch is
 * running (or within the same turn of the event loop) are run together as
 * the next batch. Idle, a call runs on the next turn; under load, batches
 * grow, and one round trip serves many callers.
 */
export class Batcher<In, Out> {
  private queue: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const outputs = await this.runBatch(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]));
    } catch (error) {
      batch.forEach((call) => call.reject(error));
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}

/**
 * Runs `run` over `inputs` in rounds in which no key appears twice, one round
 * after another, and returns the outputs in input order. For batched
 * statements that must treat two calls on one row like two statements in
 * call order (a fenced run and its successor, a claim and a later claim):
 * one SQL statement cannot update a row twice.
 */
export async function inUniqueRounds<In, Out>(inputs: readonly In[], key: (input: In) => string, run: (round: In[]) => Promise<Out[]>): Promise<Out[]> {
  const rounds: { index: number; input: In }[][] = [];
  const roundOfKey = new Map<string, number>();
  inputs.forEach((input, index) => {
    const round = (roundOfKey.get(key(input)) ?? -1) + 1;
    roundOfKey.set(key(input), round);
    (rounds[round] ??= []).push({ index, input });
  });
  const outputs = new Array<Out>(inputs.length);
  for (const round of rounds) {
    const results = await run(round.map((entry) => entry.input));
    round.forEach((entry, i) => (outputs[entry.index] = results[i]));
  }
  return outputs;
}
