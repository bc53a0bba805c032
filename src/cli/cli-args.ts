/** The value after `--name`, or `fallback` when the flag is absent. */
export function argValue(argv: readonly string[], name: string, fallback: string): string {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1] : fallback;
}

/** A whole number of at least `min` after `--name`; anything else is refused with a message. */
export function parseCount(argv: readonly string[], name: string, fallback: string, min = 1): number {
  const text = argValue(argv, name, fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got "${text}")`);
  return value;
}
