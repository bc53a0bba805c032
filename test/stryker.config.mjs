// Mutation testing of the pure domain code: `npm run test:mutation` (slow: not part of `npm test`).
// Stryker changes the code one mutant at a time and runs the unit tests that cover it; a mutant no
// test notices ("survived") is behaviour the tests do not pin down.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { projectType: 'custom', configFile: 'test/jest.unit.config.mjs', enableFindRelatedTests: true },
  mutate: [
    'src/routing/**/*.ts',
    'src/simulation/amm/**/*.ts',
    'src/tokens/**/*.ts',
    'src/orders/ws/**/*.ts',
    '!**/*.spec.ts',
    // Nest wiring only (module declarations): nothing to mutate that a unit test could observe.
    '!**/*.module.ts',
  ],
  ignorePatterns: ['dist', 'data', 'artifacts', 'prof', 'coverage', 'reports'],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
};
