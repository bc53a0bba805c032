// The mutation gate CI runs after `stryker run --incremental`: it fails when the change being tested leaves a
// mutant alive that the baseline before it did not have — an untested branch in gated code — and lists each one.
// "Before it" is the baseline of HEAD's parent (HEAD's own when the history is shallow): a commit that also commits
// the baseline with its new survivors in it still fails. (Stryker's own `break` threshold fails the run when the
// score of the whole mutated set falls under 80%.) Accepted survivors are disabled in the code, with a reason.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FILE = 'test/mutation/stryker-incremental.json';
const ALIVE = new Set(['Survived', 'NoCoverage']);

const current = JSON.parse(readFileSync(FILE, 'utf8'));
function committed(revision) {
  try {
    return JSON.parse(
      execFileSync('git', ['show', `${revision}:${FILE}`], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return undefined;
  }
}

const against = process.env.MUTATION_BASELINE_REV ?? 'HEAD^';
let baseline = committed(against) ?? committed('HEAD');
if (!baseline) {
  console.log(`mutation gate: no committed baseline at ${against} or HEAD (${FILE}); every surviving mutant counts as new`);
  baseline = { files: {} };
}

/** A mutant as the code reads, wherever it moved: the mutator, the replacement, and the code it replaces. */
function key(source, mutant) {
  const lines = source.split('\n');
  const { start, end } = mutant.location;
  const text =
    start.line === end.line
      ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
      : [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
  return `${mutant.mutatorName}\u0000${mutant.replacement ?? ''}\u0000${text.trim()}`;
}

function aliveByFile(report) {
  const byFile = new Map();
  for (const [path, file] of Object.entries(report.files ?? {})) {
    const counts = new Map();
    for (const mutant of file.mutants) {
      if (!ALIVE.has(mutant.status)) continue;
      const k = key(file.source, mutant);
      counts.set(k, [...(counts.get(k) ?? []), mutant]);
    }
    byFile.set(path, counts);
  }
  return byFile;
}

const before = aliveByFile(baseline);
const newlyAlive = [];
for (const [path, counts] of aliveByFile(current)) {
  for (const [k, mutants] of counts) {
    const had = before.get(path)?.get(k)?.length ?? 0;
    for (const mutant of mutants.slice(had)) newlyAlive.push({ path, mutant });
  }
}

const total = Object.values(current.files).flatMap((f) => f.mutants);
const counted = total.filter((m) => !['Ignored', 'CompileError', 'RuntimeError'].includes(m.status));
const killed = counted.filter((m) => ['Killed', 'Timeout'].includes(m.status)).length;
console.log(`mutation gate: ${killed}/${counted.length} mutants killed (${((100 * killed) / Math.max(1, counted.length)).toFixed(2)}%)`);
if (newlyAlive.length === 0) {
  console.log('mutation gate: no surviving mutant that the baseline did not have');
  process.exit(0);
}
console.log(`mutation gate: ${newlyAlive.length} surviving mutant(s) new in this change — untested code in a gated folder:`);
for (const { path, mutant } of newlyAlive) {
  console.log(
    `  ${path}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName}${mutant.replacement ? ` → ${mutant.replacement}` : ''} (${mutant.status})`,
  );
}
console.log(
  'Add a test that tells the mutant from the code (or, for a truly equivalent mutant, a `// Stryker disable next-line <mutator>: <reason>` comment), then run `npm run test:mutation:changed` and commit the baseline it updates.',
);
process.exit(1);
