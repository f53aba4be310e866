// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      '.cache/**',
      'test/e2e/artifacts/**',
      'test/e2e/workspace/**',
      'test/unit/fixtures/**',
      'test/grammar/**',
      'examples/js/**',
      'bench/c/**',
      'bench/out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The server must stay editor-free.' }] }],
    },
  },
  {
    files: ['server/src/gearman/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'server/src/gearman is a pure library.' }],
          patterns: [
            {
              group: ['vscode-languageserver*', 'vscode-languageclient*'],
              message: 'server/src/gearman must not know about LSP.',
            },
          ],
        },
      ],
    },
  },
  {
    // The wire boundary: every Gearman decision lives in the server, so other editors get the
    // same behaviour; the client sees only message names and payload types (server/src/protocol).
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/src/(?!protocol$)',
              message:
                'The client imports only server/src/protocol; put the decision in the server, or export a type from protocol.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // One way to open a box: client/src/commands/ask.ts keeps it open when focus moves (microsoft/vscode#75209).
    files: ['client/src/**/*.ts'],
    ignores: ['client/src/commands/ask.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(showQuickPick|showInputBox|createQuickPick|createInputBox)$/]',
          message: 'Open quick picks and input boxes through client/src/commands/ask.ts (choose, askText, newPicker).',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
