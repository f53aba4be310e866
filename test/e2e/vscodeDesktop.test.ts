// The API-level checks (test/vscode/suite) in VS Code desktop via @vscode/test-electron.
// VS Code desktop cannot be downloaded on machines that reach only npm and Debian: there
// this test is skipped and says why (extensionApi.test.ts runs the same checks in code-server),
// unless REQUIRE_DESKTOP=1 says this machine must run it: then it fails with the reason.
// Whether it can run is found out inside the test, so loading this file fetches nothing.
import { describe, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, ensureVsix } from './support/codeServer';
import { desktopDecision, electronSkipReason, runElectronTests, VSCODE_VERSION } from '../vscode/runTests';

describe('VS Code desktop (@vscode/test-electron)', () => {
  it(`registers the Gearman views and activates in VS Code ${VSCODE_VERSION}`, async (ctx) => {
    const decision = desktopDecision(await electronSkipReason());
    if (!decision.run) {
      console.warn(`[e2e] skipping the VS Code desktop suite: ${decision.skip}`);
      ctx.skip(decision.skip);
      return;
    }
    ensureVsix(); // builds dist/, which the development-path extension runs from
    await runElectronTests(join(REPO_ROOT, 'test/e2e/workspace'));
  }, 600_000);
});
