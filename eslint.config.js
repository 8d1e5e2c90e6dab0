// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Dependency direction (CONVENTIONS.md): apps → modules → packages → kernel.
 * Nothing points upward; modules never import each other; the web app imports types only.
 */
const noUpward = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'var/**', '.zc-test/**', 'apps/web/e2e/artifacts/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/kernel/**/*.ts'],
    rules: noUpward([
      { group: ['@zhicheng/*', '!@zhicheng/kernel'], message: 'The kernel depends on nothing of ours.' },
    ]),
  },
  {
    files: ['packages/standards/**/*.ts'],
    rules: noUpward([{ group: ['@zhicheng/*'], message: 'standards is pure: no platform dependencies.' }]),
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/kernel/**', 'packages/standards/**'],
    rules: noUpward([
      { group: ['@zhicheng/modules-*', '@zhicheng/pack-*', '@zhicheng/server', '@zhicheng/cli', '@zhicheng/web'], message: 'The platform never imports modules or apps.' },
      { group: ['../../modules/*', '../../apps/*', '../../../modules/*', '../../../apps/*'], message: 'The platform never imports modules or apps.' },
    ]),
  },
  {
    files: ['modules/**/*.ts'],
    rules: noUpward([
      { group: ['@zhicheng/pack-*'], message: 'Modules talk to each other only through events on the bus.' },
      { group: ['@zhicheng/server', '@zhicheng/cli', '@zhicheng/web'], message: 'Modules never import apps.' },
    ]),
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['@zhicheng/*'], allowTypeImports: true, message: 'The console imports server types only (import type).' }],
      }],
    },
  },
);
