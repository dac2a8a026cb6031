/** Jest in ESM mode (Probot 14 is ESM-only); type-checking is `npm run typecheck`. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  // Real Postgres clusters start in db tests; give them room on a 2-core machine.
  testTimeout: 60000,
  maxWorkers: 2,
};
