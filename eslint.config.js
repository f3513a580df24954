// Lint rules, including the architecture's import boundaries (shared/DESIGN.md, "Architecture").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nestPrismaKube = [
  { group: ['@nestjs/*'], message: 'libs/domain is pure: no Nest.' },
  {
    group: ['@prisma/*', '**/generated/prisma/**', '@ringmaster/persistence'],
    message: 'libs/domain is pure: no Prisma.',
  },
  { group: ['@kubernetes/client-node'], message: 'libs/domain is pure: no Kubernetes.' },
  { group: ['node:*', 'pg', '@electric-sql/*'], message: 'libs/domain is pure: no I/O.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/persistence/src/generated/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // only libs/clusters talks to Kubernetes
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kubernetes/client-node'], message: 'Only libs/clusters imports @kubernetes/client-node.' },
          ],
        },
      ],
    },
  },
  // fleet-sim's conformance tests prove a real client accepts its wire format
  {
    files: ['libs/clusters/**/*.ts', 'apps/fleet-sim/**/*.spec.ts', 'apps/fleet-sim/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  { files: ['libs/domain/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: nestPrismaKube }] } },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
