/**
 * The HTTP examples of a markdown document, to run against a live engine: a request block (```http, or a
 * ```bash block holding one `curl`) followed by its answer, a ```json block whose info string gives the status
 * (```json 202). Other blocks are prose.
 */
export interface DocExample {
  readonly line: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly status: number;
  readonly answer: unknown;
}

interface Block {
  readonly line: number;
  readonly info: string;
  readonly text: string;
}

export function docExamples(markdown: string): DocExample[] {
  const blocks = fencedBlocks(markdown);
  const examples: DocExample[] = [];
  blocks.forEach((block, i) => {
    const answer = blocks[i + 1];
    const status = /^json\s+(\d{3})$/.exec(answer?.info ?? '')?.[1];
    if (!status) return;
    const request = block.info === 'http' ? httpRequest(block.text) : block.info === 'bash' ? curlRequest(block.text) : undefined;
    if (!request) throw new Error(`line ${answer.line}: an answer with a status follows no request block`);
    examples.push({ ...request, line: block.line, status: Number(status), answer: JSON.parse(answer.text) });
  });
  return examples;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    blocks.push({ line: i + 1, info: open[1].trim(), text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** `METHOD /path`, header lines, a blank line, the body. */
function httpRequest(text: string): Omit<DocExample, 'line' | 'status' | 'answer'> {
  const [head, ...rest] = text.split('\n');
  const [method, path] = head.trim().split(/\s+/);
  const blank = rest.indexOf('');
  const headerLines = blank < 0 ? rest : rest.slice(0, blank);
  const body = blank < 0 ? undefined : rest.slice(blank + 1).join('\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { method, path, headers, body };
}

/** One `curl` command (line continuations joined): its method, URL path, -H headers and -d body. */
function curlRequest(text: string): Omit<DocExample, 'line' | 'status' | 'answer'> | undefined {
  const command = text.replace(/\\\n\s*/g, ' ').trim();
  if (!command.startsWith('curl ')) return undefined;
  const quoted = (flag: string) => [...command.matchAll(new RegExp(`${flag}\\s+'([^']*)'`, 'g'))].map((m) => m[1]);
  const url = /\s'?((?:https?:\/\/)?localhost:\d+[^\s']*)'?/.exec(command)?.[1];
  if (!url) return undefined;
  const body = quoted('-d')[0];
  const method = /-X\s+(\w+)/.exec(command)?.[1] ?? (body === undefined ? 'GET' : 'POST');
  const headers = Object.fromEntries(quoted('-H').map((h) => [h.slice(0, h.indexOf(':')).trim().toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]));
  return {
    method,
    path: new URL(url.startsWith('http') ? url : `http://${url}`).pathname + new URL(url.startsWith('http') ? url : `http://${url}`).search,
    headers,
    body,
  };
}

/** Fields whose documented value must be the value the engine gives (names and constants, not amounts or ids). */
const EXACT = new Set(['symbol', 'mint', 'decimals', 'name', 'native', 'code', 'error', 'statusCode', 'field', 'rule', 'poolId', 'type', 'side', 'message']);

/**
 * Where `actual` departs from the documented shape: every documented field present with the same JSON type
 * (null in the docs takes anything; "…" stands for any string; a documented "…" key for more fields), a
 * documented list's elements describing the answer's first ones, and names and constants equal.
 */
export function shapeProblems(documented: unknown, actual: unknown, path = '$'): string[] {
  if (documented === null) return [];
  if (typeof documented === 'string' && documented.includes('…'))
    return typeof actual === 'string' ? [] : [`${path}: expected a string, got ${JSON.stringify(actual)}`];
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    // Element by element (a documented list shows its first elements, in order): as many as it shows.
    if (actual.length < documented.length) return [`${path}: ${documented.length} element(s) documented, ${actual.length} given`];
    return documented.flatMap((element, i) => shapeProblems(element, actual[i], `${path}[${i}]`));
  }
  if (typeof documented === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(documented as Record<string, unknown>)
      .filter(([key]) => key !== '…')
      .flatMap(([key, value]) => {
        const there = (actual as Record<string, unknown>)[key];
        if (!(key in actual)) return [`${path}.${key}: missing`];
        if (EXACT.has(key) && typeof value !== 'object' && !(typeof value === 'string' && value.includes('…')) && value !== there) {
          return [`${path}.${key}: documented ${JSON.stringify(value)}, the engine says ${JSON.stringify(there)}`];
        }
        return shapeProblems(value, there, `${path}.${key}`);
      });
  }
  return typeof documented === typeof actual ? [] : [`${path}: expected a ${typeof documented}, got ${JSON.stringify(actual)}`];
}
