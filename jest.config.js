// One jest run over every workspace: unit specs beside the code (`*.spec.ts`), end-to-end specs in test/.
const libs = ['config', 'domain', 'persistence', 'clusters', 'telemetry', 'notifications'];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^@ringmaster/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
    '^@ringmaster/fleet-sim$': '<rootDir>/apps/fleet-sim/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  testTimeout: 60000,
  verbose: true,
};
