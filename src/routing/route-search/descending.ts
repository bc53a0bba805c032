/** Compares amounts for a sort from the largest down; equal amounts keep their order (the sort is stable). */
// Stryker disable next-line EqualityOperator: equal amounts never reach the second comparison.
export const descending = (a: bigint, b: bigint): number => (a === b ? 0 : a > b ? -1 : 1);
