import { defineConfig } from 'vitest/config';

// One project per test layer, so each can be run alone: `npx vitest run --project unit`.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // The language server's sources started in the test's process over a pair of streams: no bundle needed.
      {
        test: {
          name: 'lsp',
          include: ['test/lsp/**/*.test.ts'],
          env: { GEARMAN_LSP_TRANSPORT: 'in-process' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // The same client against the real binary (dist/server.js --stdio): what other editors start, grammars
      // and queries found next to the bundle, the process ending with its editor. Tests that need the process use stdio in both.
      {
        test: {
          name: 'lsp-stdio',
          include: ['test/lsp/callSites.test.ts', 'test/lsp/otherEditors.test.ts', 'test/lsp/readmeClaimsJobs.test.ts'],
          env: { GEARMAN_LSP_TRANSPORT: 'stdio' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      // Hostile servers, workers and workspaces against the real language server: each test asserts a refusal, a confirmation or a bound.
      {
        test: {
          name: 'adversarial',
          include: ['test/adversarial/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
