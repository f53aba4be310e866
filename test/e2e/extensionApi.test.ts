// The API-level checks (test/vscode/suite/checks.ts) inside code-server's extension host:
// a test-only probe extension, installed beside the packaged Gearman .vsix, runs them
// through the `vscode` API and writes the results to a file this test reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ensureVsix, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import { processesMarked, waitUntil } from './support/processes';
import { buildProbeVsix } from '../vscode/build';
import type { CheckResult } from '../vscode/suite/checks';

describe('extension API checks in code-server (probe extension)', () => {
  let tmp: string;
  let server: CodeServer | undefined;
  let session: WorkbenchSession | undefined;
  let resultsFile: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-probe-'));
    resultsFile = join(tmp, 'results.json');
    const probe = await buildProbeVsix(join(tmp, 'build'));
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      extensions: [ensureVsix(), probe],
      env: { GEARMAN_PROBE_OUT: resultsFile },
    });
    // The extension host starts only when a workbench window connects.
    session = await openWorkbench(server);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the extension installed, active, and its view container and view registered', async () => {
    await waitUntil(`the probe to write ${resultsFile} (extension host log: ${server?.userDataDir}/logs)`, 90_000, () =>
      existsSync(resultsFile),
    );
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as CheckResult[];
    expect(results.map((r) => r.name)).toEqual([
      'the extension is installed',
      'it activates',
      'every command it contributes has a handler once active',
      'the workbench registered the view container and the view',
      'the Servers view opens and the servers it shows are polled',
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('leaves no process and no temp folder behind once stopped', async () => {
    const s = server!;
    await session?.close();
    session = undefined;
    await s.stop();
    server = undefined;
    expect(processesMarked('GEARMAN_E2E_MARKER', s.marker)).toEqual([]);
    expect(existsSync(s.userDataDir)).toBe(false);
  });
});
