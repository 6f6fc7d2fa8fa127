// ts-jest in ESM mode. isolatedModules comes from tsconfig.json (transpile-only: ~20x faster);
// type errors are caught by `npm run typecheck`, which .ci/run runs before the tests.
// `npm test` sets --disable-warning=ExperimentalWarning (VM modules) and =V8: es-module-lexer's
// asm.js build cannot link inside Jest's VM realm (its stdlib is another realm's), falls back
// to plain JS, and V8 said so once per test file.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  // nock's interceptor lives on globals that outlive a test file; Jest 30's soft cleanup of
  // such globals only warns (once per access, dozens of times a run) and frees nothing here.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A Redis for the Redis-backed tests: REDIS_URL, else a throwaway redis-server, else they skip.
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/setup/restore-nock.ts'],
  testTimeout: 20000,
};
