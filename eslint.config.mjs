// ESLint: the recommended rules of ESLint and typescript-eslint, plus the promise rules that catch a rejection
// nobody handles (no-floating-promises) and a promise passed where a plain callback is expected
// (no-misused-promises). Typed linting, with the tsconfig that covers each file. Not a style guide.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', 'test-results/**', 'bench/**', 'test/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      // Each file with the nearest tsconfig.json (src/webview and src/core have their own).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // An argument a signature requires but the body does not read is named _x.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Matching control characters is what the sanitizers (names, terminal titles, safe Markdown) are for.
      'no-control-regex': 'off',
    },
  },
);
