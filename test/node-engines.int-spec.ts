import { readFileSync } from 'node:fs';
import semver from 'semver';

/** The oldest Node.js the README names as supported. */
const OLDEST_SUPPORTED = '20.19.0';

interface LockedPackage {
  readonly version?: string;
  readonly engines?: { readonly node?: string } | readonly string[];
}

describe('supported Node.js versions', () => {
  it(`every installed package accepts Node ${OLDEST_SUPPORTED}, except the one the README names (@nestjs/schematics)`, () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockedPackage> };
    const refusing = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== '' && refusesNode(pkg, OLDEST_SUPPORTED))
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(refusing).toEqual(['@nestjs/schematics']);
  });
});

/** Old packages list engines as an array of strings: those never refuse. */
function refusesNode({ engines }: LockedPackage, version: string): boolean {
  const range = engines && !Array.isArray(engines) ? (engines as { node?: string }).node : undefined;
  return range !== undefined && !semver.satisfies(version, range);
}
