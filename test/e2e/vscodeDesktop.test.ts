// The API-level checks (test/vscode/suite) in VS Code desktop via @vscode/test-electron.
// VS Code desktop cannot be downloaded on machines that reach only npm and Debian: there
// this test is skipped and says why (extensionApi.test.ts runs the same checks in code-server).
import { describe, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, ensureVsix } from './support/codeServer';
import { electronSkipReason, runElectronTests, VSCODE_VERSION } from '../vscode/runTests';

const skipReason = await electronSkipReason();
if (skipReason) console.warn(`[e2e] skipping the VS Code desktop suite: ${skipReason}`);

describe('VS Code desktop (@vscode/test-electron)', () => {
  it.skipIf(skipReason !== undefined)(`registers the Gearman views and activates in VS Code ${VSCODE_VERSION}${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
    ensureVsix(); // builds dist/, which the development-path extension runs from
    await runElectronTests(join(REPO_ROOT, 'test/e2e/workspace'));
  }, 600_000);
});
