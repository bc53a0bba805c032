/** A simulated latency: a fixed number of milliseconds or a uniform range. */
export interface DelayRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/** `"200"` or `"150-250"` (milliseconds). */
export const DELAY_RANGE_PATTERN = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/;

/** Parses `"200"` or `"150-250"`; returns undefined when the text is neither. */
export function parseDelayRange(text: string): DelayRange | undefined {
  const match = DELAY_RANGE_PATTERN.exec(text);
  if (!match) return undefined;
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  return maxMs >= minMs ? { minMs, maxMs } : undefined;
}
