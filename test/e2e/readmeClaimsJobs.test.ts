// README claims about submitting jobs, in a real VS Code (code-server + Chromium) with the
// packaged extension, against a libgearman C worker (an implementation of the other side of
// the wire the project did not write): submit to all servers with failover, payload from the
// selection or from a file on disk; the result panel's progress, data, warnings, exception and
// WORK_FAIL; copy, save and open-as-document; "run again" from the history; and a local worker
// that stops when the window closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient } from '../../server/src/gearman/admin';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { startEventsWorker, type CWorker } from '../support/cWorker';
import { reserveDeadPort, type DeadPort } from '../support/deadPort';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import { clickPanelButton, waitForPanel } from './support/resultPanels';
import type { Workbench } from './support/workbench';

const SELECTED = 'pick me from the selection';
const FILE_PAYLOAD = 'a payload file on disk';
const ALL = 'All servers (failover)';

describe('submitting jobs as the README says, in code-server', () => {
  let dead: DeadPort;
  let gd: GearmandHandle;
  let cWorker: CWorker;
  let tmp: string;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;
  let live: string;

  beforeAll(async () => {
    dead = await reserveDeadPort();
    gd = await startGearmand();
    live = `127.0.0.1:${gd.port}`;
    cWorker = await startEventsWorker(gd.port);
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-claims-'));
    writeFileSync(join(tmp, 'notes.txt'), `first line\n${SELECTED}\nlast line\n`);
    writeFileSync(join(tmp, 'payload.txt'), FILE_PAYLOAD);
    server = await startCodeServer({
      workspace: tmp,
      userSettings: {
        // The dead server comes first: "all" must fail over from it to the live one.
        'gearman.servers': [
          { name: 'dead', host: '127.0.0.1', port: dead.port },
          { name: 'live', host: '127.0.0.1', port: gd.port },
        ],
        'gearman.refreshInterval': 1,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(server.url).origin,
    });
    await server.waitForActivation();
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await cWorker?.stop();
    await gd?.stop();
    await dead?.release();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Takes the focus out of a result panel: keys pressed inside a webview do not reach the workbench. */
  async function leaveWebviews(): Promise<void> {
    await session.page.evaluate('document.activeElement?.tagName === "IFRAME" && document.activeElement.blur()');
  }

  /** "Gearman: Submit Job" through its quick picks; `payload` answers the payload box (which sends). */
  async function submit(target: string, fn: string, payload: () => Promise<void>): Promise<void> {
    await leaveWebviews();
    await wb.runCommand('Gearman: Submit Job');
    await wb.waitFor('the server quick pick', async () => (await wb.quickInputState()).title.endsWith(': server'));
    await wb.quickPickSelect(target);
    await wb.waitFor('the function quick pick', async () =>
      (await wb.quickInputState()).title.includes(': function on '),
    );
    await wb.quickInputAccept(fn);
    await wb.waitFor('the payload box', async () =>
      (await wb.quickInputState()).title.endsWith(`: ${fn} on all servers`),
    );
    await payload();
  }

  /** Text of every editor on the page, spaces normalised (Monaco renders them as NBSP). */
  async function editorTexts(): Promise<string[]> {
    return session.page
      .locator('.editor-instance .monaco-editor .view-lines')
      .evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText.replace(/\u00a0/g, ' ')));
  }

  it("sends the editor selection to all servers, fails over from the dead one, and shows the C worker's progress, data and warnings", async () => {
    // Wait until the registry lists the C worker's functions, so the function step offers them.
    await wb.openActivityView('Gearman');
    await wb.waitForTreeRow('gearman.servers', 'live', 60_000);
    await wb.openFile('notes.txt');
    await wb.goToLine(2, 1);
    await session.page.keyboard.press('Shift+End');
    await submit(ALL, 'c_events', () => wb.quickPickSelect('Editor selection'));
    const p = await waitForPanel(wb, 'the c_events result panel', (x) => x.fn === 'c_events' && x.phase === 'complete');
    expect(p.view.server).toBe(live);
    expect(p.view.result).toBe(`done:${SELECTED}`);
    expect(p.view.progress).toBe('100% (3/3)');
    expect(p.view.data).toEqual([`data-1:${SELECTED}`, 'bin\\x00\ufffdend']);
    expect(p.view.warnings).toEqual(['warning-1', 'warning-2']);
    await wb.screenshot('claims-all-servers-selection');
  });

  it('copies the result, saves it to a file, and opens it as a document', async () => {
    const p = await waitForPanel(wb, 'the c_events result panel', (x) => x.fn === 'c_events' && x.phase === 'complete');
    await session.page.evaluate('navigator.clipboard.writeText("before")');
    await clickPanelButton(p, 'Copy');
    await wb.waitFor(
      'the result on the clipboard',
      async () => (await session.page.evaluate('navigator.clipboard.readText()')) === `done:${SELECTED}`,
    );

    const saved = join(server.workspace, 'saved-result.txt');
    await clickPanelButton(p, 'Save…');
    await wb.fileDialogAccept('Save the result of c_events', saved);
    await wb.waitFor('the saved file', () => existsSync(saved) && readFileSync(saved, 'utf8') === `done:${SELECTED}`);

    await clickPanelButton(
      await waitForPanel(wb, 'the c_events panel again', (x) => x.fn === 'c_events'),
      'Open as Document',
    );
    await wb.waitFor('an editor holding the result', async () => (await editorTexts()).includes(`done:${SELECTED}`));
    await wb.screenshot('claims-open-as-document');
  });

  it("sends a file from disk as the payload and shows the worker's WORK_EXCEPTION with what it sent before", async () => {
    await submit(ALL, 'c_exception', async () => {
      await wb.quickPickSelect('Pick a file…');
      await wb.fileDialogAccept('Submit Gearman job: payload file', join(server.workspace, 'payload.txt'));
    });
    const p = await waitForPanel(
      wb,
      'the c_exception result panel',
      (x) => x.fn === 'c_exception' && x.phase === 'exception',
    );
    expect(p.view.status).toBe('exception');
    expect(p.view.resultTitle).toBe('Exception');
    expect(p.view.result).toBe(`exception from C:${FILE_PAYLOAD}`);
    expect(p.view.progress).toBe('50% (1/2)');
    expect(p.view.data).toEqual(['partial']);
    expect(p.view.server).toBe(live);
    await wb.screenshot('claims-file-payload-exception');
  });

  it('shows WORK_FAIL as a failure, with the warning sent before it', async () => {
    await submit(ALL, 'c_fail', () => wb.quickInputAccept('doomed'));
    const p = await waitForPanel(wb, 'the c_fail result panel', (x) => x.fn === 'c_fail' && x.phase === 'fail');
    expect(p.view.status).toBe('failed (WORK_FAIL)');
    expect(p.view.message).toBe('The worker reported WORK_FAIL: the job failed without a message.');
    expect(p.view.warnings).toEqual(['about to fail']);
    expect(p.view.result).toBe('');
  });

  it('runs a job again from its row in the Job History view', async () => {
    await wb.openActivityView('Gearman');
    const header = wb.viewPane('Job History').locator('.pane-header');
    await wb.waitFor('the Job History view to expand', async () => {
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      return (await header.getAttribute('aria-expanded')) === 'true';
    });
    const before = await wb.waitFor('three history rows', async () => {
      const r = await wb.treeRows('Job History');
      return r.length === 3 && r;
    });
    expect(before.map((r) => r.label)).toEqual(['c_fail', 'c_exception', 'c_events']);
    const row = wb.treeRow('Job History', 'c_events');
    await row.hover();
    await row.locator('.action-label[aria-label^="Run Again"]').click();
    const after = await wb.waitFor('a fourth history row', async () => {
      const r = await wb.treeRows('Job History');
      return r.length === 4 && r;
    });
    expect(after.map((r) => r.label)).toEqual(['c_events', 'c_fail', 'c_exception', 'c_events']);
    expect(after[0].description).toMatch(new RegExp(`^complete · ${live.replace(/\./g, '\\.')} · `));
    // The panel of the new run, with the same request (all servers, the same selection).
    const p = await waitForPanel(wb, 'the re-run panel', (x) => x.fn === 'c_events' && x.phase === 'complete');
    expect(p.view.result).toBe(`done:${SELECTED}`);
    await wb.screenshot('claims-run-again');
  });

  it('stops a local worker when the window closes', async () => {
    await leaveWebviews();
    await wb.runCommand('Gearman: Serve Function Locally');
    await wb.waitFor(
      'the server quick pick',
      async () => (await wb.quickInputState()).title === 'Serve locally: server',
    );
    await wb.quickPickSelect('live');
    await wb.waitFor(
      'the function name input',
      async () => (await wb.quickInputState()).title === 'Serve locally: function name',
    );
    await wb.quickInputAccept('echo_until_closed');
    await wb.quickPickSelect('Echo the payload');
    const admin = new AdminClient({ host: '127.0.0.1', port: gd.port });
    const workers = async () => (await admin.status()).find((r) => r.name === 'echo_until_closed')?.workers ?? 0;
    try {
      await wb.waitFor('gearmand to list the local worker', async () => (await workers()) === 1, 60_000);
      await session.page.close();
      await wb.waitFor('gearmand to drop the local worker', async () => (await workers()) === 0, 60_000);
    } finally {
      admin.close();
    }
  });
});
