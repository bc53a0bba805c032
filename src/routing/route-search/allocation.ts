import { quotePath, type PathFill, type RoutePath } from './route-path.js';

/** How an amount is divided among paths, and what each part gives. */
export interface Allocation {
  readonly fills: readonly PathFill[];
  readonly amountOut: bigint;
}

const SMALLEST_PART_SHIFT = 12n;

const total = (fills: readonly PathFill[]): bigint => fills.reduce((sum, fill) => sum + fill.amountOut, 0n);

/**
 * Divides `amountIn` among `paths` (each priced on the pools as they are now) greedily: part after part goes to the
 * path whose output grows most per unit by it. A path's output is concave in its input (curves, bins), so among paths
 * that share no pool this is the best division to within a part; `refine` closes the rest. A path that cannot take
 * a whole part (its pools run out) is offered halves, down to 1/4096 of the amount. Undefined when the paths together
 * cannot take it all.
 */
export function allocate(paths: readonly RoutePath[], amountIn: bigint, parts: number): Allocation | undefined {
  const smallest = amountIn >> SMALLEST_PART_SHIFT || 1n;
  const steps = paths.map(() => amountIn / BigInt(parts) || 1n);
  // Stryker disable next-line BooleanLiteral,ArrayDeclaration: a path given nothing is left out of every route.
  const fills = paths.map((): PathFill => ({ amountIn: 0n, amountOut: 0n, filled: true, hops: [] }));
  // Each path's answer with one more part: only the path that took the last part needs asking again.
  const trials: (PathFill | undefined)[] = paths.map(() => undefined);
  const trialOf = (i: number, left: bigint): PathFill | undefined => {
    for (;;) {
      const step = left < 2n * steps[i] ? left : steps[i];
      let trial = trials[i];
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: asking again gives the same answer (only slower).
      if (trial?.amountIn !== fills[i].amountIn + step) trials[i] = trial = quotePath(paths[i], fills[i].amountIn + step);
      if (trial.filled) return trial;
      if (steps[i] <= smallest) return undefined;
      steps[i] /= 2n;
    }
  };
  for (let left = amountIn; left > 0n;) {
    let best: { i: number; trial: PathFill; gain: bigint; step: bigint } | undefined;
    for (let i = 0; i < paths.length; i++) {
      const trial = trialOf(i, left);
      if (!trial) continue;
      const [gain, step] = [trial.amountOut - fills[i].amountOut, trial.amountIn - fills[i].amountIn];
      if (!best || gain * best.step > best.gain * step) best = { i, trial, gain, step };
    }
    if (!best) return undefined;
    fills[best.i] = best.trial;
    left -= best.step;
  }
  return { fills, amountOut: total(fills) };
}

/**
 * Moves amounts between the allocation's paths while that gains, in steps halved from `step` down to `minStep`:
 * what a division into parts left on the table.
 */
export function refine(paths: readonly RoutePath[], allocation: Allocation, step: bigint, minStep: bigint): Allocation {
  const fills = [...allocation.fills];
  for (let size = step; size >= minStep && size > 0n; size /= 2n) {
    for (let moved = true; moved;) {
      moved = false;
      for (let from = 0; from < paths.length; from++) {
        for (let to = 0; to < paths.length; to++) {
          if (from === to || fills[from].amountIn < size) continue;
          const [less, more] = [quotePath(paths[from], fills[from].amountIn - size), quotePath(paths[to], fills[to].amountIn + size)];
          if (!more.filled || less.amountOut + more.amountOut <= fills[from].amountOut + fills[to].amountOut) continue;
          [fills[from], fills[to], moved] = [less, more, true];
        }
      }
    }
  }
  return { fills, amountOut: total(fills) };
}
