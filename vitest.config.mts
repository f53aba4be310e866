import { defineConfig } from 'vitest/config';

// One project per test layer, so each can be run alone: `npx vitest run --project unit`.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
      { test: { name: 'lsp', include: ['test/lsp/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
      // Hostile servers, workers and workspaces against the real language server: each test asserts a refusal, a confirmation or a bound.
      { test: { name: 'adversarial', include: ['test/adversarial/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/globalSetup.ts'], testTimeout: 180_000, hookTimeout: 600_000, fileParallelism: false } },
    ],
  },
});
