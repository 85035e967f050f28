// Tests are TypeScript compiled by SWC to CommonJS; ESM-only packages under node_modules
// (@actions/*, and the real toolkit packages behind vendor/lazy-*) are compiled too so jest can
// load them without experimental VM modules.
const transform = {
  '^.+\\.(t|j|mj)sx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: [
    '/node_modules/(?!(@actions|actions-http-client-impl|actions-exec-impl|mime|picomatch)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  resolver: '<rootDir>/test/support/jest-resolver.cjs',
};
module.exports = {
  testTimeout: 30_000,
  // Two test files at a time even on two cores (jest's default there is one): most files spend
  // their time waiting on podman, the databases and the local stack, not on the CPU.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'local-aws',
      testMatch: ['<rootDir>/test/local-aws/**/*.test.ts'],
    },
    // The CDK app (infra/ has its own package.json; aws-cdk-lib resolves from infra/node_modules).
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/infra/test/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
  ],
};
