/** Polls `condition` until it holds, failing after `timeoutMs`: for states that raise no event. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
