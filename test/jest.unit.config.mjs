// The unit project alone (no Redis, no PostgreSQL), for `npm run test:mutation`. `npm test` runs every project.
import { readFileSync } from 'node:fs';

const unit = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).jest.projects.find((p) => p.displayName === 'unit');

// Mutation runs only: fewer property-test runs per mutant (see mutation-setup.mjs).
process.env.MUTATION_RUN = '1';

export default { ...unit, rootDir: '..', setupFiles: [...unit.setupFiles, '<rootDir>/test/support/mutation-setup.mjs'] };
