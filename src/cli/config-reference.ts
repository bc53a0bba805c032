/**
 * docs/configuration.md from the validated configuration class (src/config/environment.ts): every variable
 * with its default, its rule (from its class-validator decorators) and its doc comment.
 *   npm run docs:config   writes it (a unit test fails when the committed file differs)
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The repository's root, from src/cli or dist/cli alike. */
const ROOT = new URL('../../', import.meta.url);
export const CONFIGURATION_SOURCE = fileURLToPath(new URL('src/config/environment.ts', ROOT));
export const CONFIGURATION_REFERENCE = fileURLToPath(new URL('docs/configuration.md', ROOT));

interface Variable {
  readonly name: string;
  readonly default: string;
  readonly rule: string;
  readonly meaning: string;
}

/** The reference as markdown, from the configuration class's source text. */
export function configurationReference(source = readFileSync(CONFIGURATION_SOURCE, 'utf8')): string {
  const file = ts.createSourceFile('environment.ts', source, ts.ScriptTarget.ES2022, true);
  const variables: Variable[] = [];
  file.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== 'EnvironmentVariables') return;
    for (const member of node.members) if (ts.isPropertyDeclaration(member)) variables.push(describe(member, file));
  });
  const rows = variables.map((v) => `| \`${v.name}\` | ${v.default} | ${v.rule} | ${v.meaning} |`);
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, and every one is optional. The engine validates them all at boot and',
    'refuses to start with a message naming each bad variable and its rule.',
    '',
    '<!-- Generated from src/config/environment.ts by `npm run docs:config`: edit the doc comments there, not this',
    'table. A unit test fails when the two differ. -->',
    '',
    '| Variable | Default | Rule | Meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function describe(member: ts.PropertyDeclaration, file: ts.SourceFile): Variable {
  const name = member.name.getText(file);
  const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
  const meaning = docs
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!meaning) throw new Error(`${name} has no doc comment in src/config/environment.ts: say what it does`);
  return { name, default: defaultOf(member.initializer, file), rule: ruleOf(ts.getDecorators(member) ?? [], file), meaning: meaning.replace(/\|/g, '\\|') };
}

function defaultOf(initializer: ts.Expression | undefined, file: ts.SourceFile): string {
  if (!initializer) return '*(unset)*';
  const text = initializer.getText(file);
  if (ts.isStringLiteral(initializer)) return `\`${initializer.text}\``;
  if (/^[\d_\s*+]+$/.test(text)) return `\`${arithmetic(text)}\``;
  return `\`${text}\``;
}

function ruleOf(decorators: readonly ts.Decorator[], file: ts.SourceFile): string {
  const calls: Record<string, ts.NodeArray<ts.Expression>> = Object.fromEntries(
    decorators
      .map((d) => d.expression)
      .filter(ts.isCallExpression)
      .map((call) => [call.expression.getText(file), call.arguments]),
  );
  const number = (args: ts.NodeArray<ts.Expression>) => arithmetic(args[0].getText(file)).toLocaleString('en-US');
  if (calls.IsIn) return `one of ${(calls.IsIn[0] as ts.ArrayLiteralExpression).elements.map((e) => `\`${(e as ts.StringLiteral).text}\``).join(', ')}`;
  if (calls.Matches) {
    const options = calls.Matches[1];
    const message = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name?.getText(file) === 'message') : undefined;
    const text = message && ts.isPropertyAssignment(message) ? evaluateMessage(message.initializer, file) : 'a matching text';
    return text.replace(/^\$property |^[A-Z_]+ /, '');
  }
  const kind = calls.IsInt ? 'integer' : calls.IsNumber ? 'number' : calls.IsString ? 'text' : 'value';
  if (calls.Min && calls.Max) return `${kind}, ${number(calls.Min)} to ${number(calls.Max)}`;
  if (calls.Min) return `${kind}, at least ${number(calls.Min)}`;
  if (calls.Max) return `${kind}, at most ${number(calls.Max)}`;
  return kind;
}

/** A message given as a literal, or as a constant declared in the same file. */
function evaluateMessage(node: ts.Expression, file: ts.SourceFile): string {
  if (ts.isStringLiteralLike(node)) return node.text;
  let value: string | undefined;
  file.forEachChild((statement) => {
    if (!ts.isVariableStatement(statement)) return;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(file) === node.getText(file) && declaration.initializer && ts.isStringLiteralLike(declaration.initializer)) {
        value = declaration.initializer.text;
      }
    }
  });
  return value ?? node.getText(file);
}

/** A default or bound written as digits, `_` separators, `*` and `+` (e.g. `16 * 1024`). */
function arithmetic(text: string): number {
  return text
    .replace(/_/g, '')
    .split('+')
    .reduce((sum, term) => sum + term.split('*').reduce((product, factor) => product * Number(factor.trim()), 1), 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  writeFileSync(CONFIGURATION_REFERENCE, configurationReference());
  process.stdout.write(`wrote ${CONFIGURATION_REFERENCE}\n`);
}
