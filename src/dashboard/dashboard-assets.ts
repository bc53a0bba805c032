import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built dashboard (dist/dashboard/public): the page's TypeScript is
 * compiled and its HTML/CSS copied there by `nest build`. Resolved from the
 * package root, so it is found whether the app runs from dist/ or (in tests) src/.
 */
export function dashboardAssetsDir(): string {
  const dir = fileURLToPath(new URL('../../dist/dashboard/public', import.meta.url));
  if (!existsSync(dir)) throw new Error(`dashboard assets missing in ${dir}: run \`npm run build\``);
  return dir;
}
