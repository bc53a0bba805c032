interface BatcherOptions<In> {
  /** Calls per batch at most. */
  readonly maxBatch?: number;
  /**
   * Batches running at once (default 1). More than one lowers latency when
   * each batch is a round trip; with `key`, batches running together never
   * share a key, so two statements cannot wait on each other's rows.
   */
  readonly maxInFlight?: number;
  readonly key?: (input: In) => string;
}

interface Call<In, Out> {
  readonly input: In;
  readonly resolve: (out: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for an asynchronous operation: calls made while the batches
 * in flight run (or within the same turn of the event loop) are run together
 * as the next batch. Idle, a call runs on the next turn; under load, batches
 * grow, and one round trip serves many callers. Calls with one key run in
 * call order.
 */
export class Batcher<In, Out> {
  private queue: Call<In, Out>[] = [];
  private inFlight = 0;
  private readonly busyKeys = new Set<string>();
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly options: BatcherOptions<In> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= this.maxInFlight || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight) return;
    const batch = this.take();
    if (batch.length === 0) return;
    this.inFlight++;
    const keys = this.options.key ? batch.map((call) => this.options.key!(call.input)) : [];
    keys.forEach((key) => this.busyKeys.add(key));
    try {
      const outputs = await this.runBatch(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]));
    } catch (error) {
      batch.forEach((call) => call.reject(error));
    } finally {
      this.inFlight--;
      keys.forEach((key) => this.busyKeys.delete(key));
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** The next batch: queued calls in order, passing over those whose key a running batch holds. */
  private take(): Call<In, Out>[] {
    const key = this.options.key;
    if (!key || this.busyKeys.size === 0) return this.queue.splice(0, this.maxBatch);
    const [batch, held] = [[] as Call<In, Out>[], [] as Call<In, Out>[]];
    for (const call of this.queue) {
      if (batch.length < this.maxBatch && !this.busyKeys.has(key(call.input))) batch.push(call);
      else held.push(call);
    }
    this.queue = held;
    return batch;
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
