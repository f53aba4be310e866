// The demo's lifecycle: Ctrl-C in its terminal (a real keystroke on a pseudo-terminal) and
// SIGINT outside a terminal stop every process it started, the workbench's extension host and
// language server included; a restart keeps the files a user changed in the sample workspace,
// copies back only what is missing, and rewrites only gearman.servers in its settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench } from './support/browser';
import { REPO_ROOT } from './support/codeServer';
import { waitUntil } from './support/processes';
import { describeProcesses, startDemo, type DemoRun } from './demoRun';

const EDIT = "\n$client->doNormal('reverse', 'kept across restarts');\n";

describe('stopping and restarting the demo', () => {
  let state: string;
  const runs: DemoRun[] = [];

  beforeAll(() => {
    state = mkdtempSync(join(tmpdir(), 'gearman-demo-'));
  });

  afterAll(async () => {
    for (const run of runs) {
      for (const pid of run.processes()) process.kill(pid, 'SIGKILL');
    }
    if (state) rmSync(state, { recursive: true, force: true });
  });

  const ws = (file: string) => join(state, 'workspace', file);
  const settings = () => JSON.parse(readFileSync(ws('.vscode/settings.json'), 'utf8')) as Record<string, unknown>;

  it('Ctrl-C in its terminal stops everything it started, the extension host and language server included', async () => {
    const demo = await startDemo({ state, terminal: true });
    runs.push(demo);
    const server = demo.codeServer();
    const session = await openWorkbench(server);
    await server.waitForActivation();
    // The extension starts its language server once activated: wait for that process to exist.
    const names = await waitUntil('the language server (dist/server.js) to start', 60_000, () => {
      const list = describeProcesses(demo.processes());
      return list.includes('dist/server.js') && list;
    });
    await session.close();
    expect(names).toContain('gearmand');
    expect(names).toContain('gearman -h 127.0.0.1');
    expect(names).toContain('sample-workers.js');
    expect(names).toContain('dist/server.js'); // the language server, started by the extension host

    // What a user does between two runs: edits a file, deletes another, adds a setting.
    appendFileSync(ws('php/client.php'), EDIT);
    rmSync(ws('js/worker.js'));
    writeFileSync(
      ws('.vscode/settings.json'),
      JSON.stringify({ ...settings(), 'gearman.knownFunctions': ['billing_export'] }, null, 2),
    );

    demo.pressCtrlC();
    await demo.exited;
    expect(describeProcesses(demo.processes())).toBe('');
    expect(demo.output()).toContain('demo: stopped');
  });

  it('a restart keeps the edited file and the added setting, restores the deleted file, and points gearman.servers at the new port', async () => {
    const demo = await startDemo({ state, terminal: false });
    runs.push(demo);
    expect(readFileSync(ws('php/client.php'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'examples/php/client.php'), 'utf8') + EDIT,
    );
    expect(existsSync(ws('js/worker.js'))).toBe(true);
    expect(settings()).toEqual({
      'gearman.servers': [{ name: 'demo', host: '127.0.0.1', port: demo.gearmanPort }],
      'gearman.knownFunctions': ['billing_export'],
    });
    expect(existsSync(ws('workers'))).toBe(false); // the project's own sample workers are not part of the sample

    // Outside a terminal, SIGINT is the demo's alone (no process group gets it): it must still stop all.
    demo.signal('SIGINT');
    await demo.exited;
    expect(describeProcesses(demo.processes())).toBe('');
  });
});
