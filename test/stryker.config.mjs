// Mutation testing: Stryker changes the code one mutant at a time and runs the unit tests that cover it; a
// mutant no test notices ("survived") is behaviour the tests do not pin down.
//   npm run test:mutation              the full run (long: see docs/setup.md#test), writes the baseline
//   npm run test:mutation:changed      only the mutants of code changed since the baseline (what CI runs)
// The baseline, test/mutation/stryker-incremental.json, is committed with the code it describes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { projectType: 'custom', configFile: 'test/jest.unit.config.mjs', enableFindRelatedTests: true },
  mutate: [
    // The domain: pure code the unit tier reaches completely.
    'src/routing/**/*.ts',
    'src/simulation/amm/**/*.ts',
    // What a reserved swap changed in a pool, and taking it back exactly when its transaction never lands.
    'src/simulation/pool-delta.ts',
    'src/tokens/**/*.ts',
    'src/orders/ws/**/*.ts',
    'src/order-types/**/*.ts',
    'src/triggers/**/*.ts',
    // The execution use-case and what decides it (its steps, failures, the queue's hold).
    'src/execution/**/*.ts',
    'src/queue/queue-hold.ts',
    // The one writer and what it stores.
    'src/order-store/order-lifecycle.service.ts',
    'src/order-store/change-columns.ts',
    'src/order-store/stored-event.ts',
    'src/database/statement.ts',
    // Landing on a network: every decision the landing loop and recovery take (fees, compute units, expiry, fate),
    // and the chain's pure functions (which cluster a genesis hash or URL is).
    'src/landing/**/*.ts',
    'src/chain/cluster-name.ts',
    // A local network's market: its keys, the network's mints, the faucet's grants.
    'src/local-market/**/*.ts',
    '!**/*.spec.ts',
    // Nest wiring only (module declarations): nothing a unit test could observe.
    '!**/*.module.ts',
    // Reached only by the integration tier (a BullMQ queue and a Redis lock): test/recovery-sweep.int-spec.ts.
    '!src/execution/order-recovery.service.ts',
    // Reached only by the integration tier (a real local network behind a fault-injecting proxy):
    // test/landing.int-spec.ts and test/chain.e2e-spec.ts; the decisions they take are pure and gated above,
    // and the signature watcher they rely on is unit-tested and gated.
    '!src/landing/transaction-lander.service.ts',
    '!src/local-market/local-market.service.ts',
    // The pools' vaults set up and audited on a real network: test/chain-orders.e2e-spec.ts.
    '!src/local-market/local-pools.service.ts',
    '!src/local-market/market-authority.ts',
    '!src/local-market/pool-vaults.ts',
    // src/settlement settles swaps on paper (the simulated chain, a Redis script: test/settlement.int-spec.ts,
    // test/simulated-chain.int-spec.ts) or on a network (ChainSettlement, reservations and landing against a real
    // local network: test/chain-orders.e2e-spec.ts); the landing decisions it relies on are gated above.
  ],
  ignorePatterns: ['dist', 'data', 'artifacts', 'prof', 'coverage', 'reports', '.stryker-tmp'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants, run once at load: the token table, the pool catalog) would each need
  // the whole unit suite on its own, 96% of the time for 20% of the mutants: they are left out, and the tables
  // they would mutate are pinned by table tests instead (src/tokens/token.spec.ts, the simulation's specs).
  ignoreStatic: true,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 5_000,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
};
