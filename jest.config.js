// ts-jest in ESM mode. isolatedModules comes from tsconfig.json (transpile-only: ~20x faster);
// type errors are caught by `npm run typecheck`, which .ci/run runs before the tests.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
};
