// The seed walk-through in a real VS Code (code-server + headless Chromium) with the
// packaged extension: a `.gearman` file's "Submit" CodeLens against `gearman -w … wc -l`,
// "Gearman: Submit Job" from the palette against a library worker that streams WORK_STATUS
// and WORK_DATA, a hostile result shown inert, the history, and a local worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import { waitForPanel as waitForResultPanel, type PanelView } from './support/resultPanels';
import type { Workbench } from './support/workbench';

const JOB_FILE = `### the seed walk-through: count the lines of a file
SUBMIT count_lines

@lines.txt
`;

describe('submit jobs in code-server', () => {
  let tmp: string;
  let gd: GearmandHandle;
  let cli: CliWorker;
  let worker: GearmanWorker;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    gd = await startGearmand();
    cli = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    worker = new GearmanWorker({ host: '127.0.0.1', port: gd.port });
    worker.register('progress_demo', async (job) => {
      job.status(1, 2);
      job.data('chunk-1');
      await new Promise((r) => setTimeout(r, 200));
      job.status(2, 2);
      job.data('chunk-2');
      return `all done: ${job.payload.toString()}`;
    });
    worker.register('nasty', () =>
      Buffer.concat([
        Buffer.from(
          '<script>document.body.dataset.pwned = "1"</script><img src=x onerror="document.body.dataset.pwned=\'1\'">\x1b[31mred\x1b[0m',
        ),
        Buffer.from([0, 0x41, 0]),
      ]),
    );
    await worker.start();
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-submit-'));
    const ws = join(tmp, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'count.gearman'), JOB_FILE);
    writeFileSync(join(ws, 'lines.txt'), 'alpha\nbeta\ngamma\ndelta\nepsilon\n');
    server = await startCodeServer({
      workspace: ws,
      userSettings: {
        'gearman.servers': [{ name: 'local', host: '127.0.0.1', port: gd.port }],
        'gearman.refreshInterval': 1,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await server.waitForActivation();
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await worker?.stop(2000);
    await cli?.stop();
    await gd?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const waitForPanel = async (what: string, pred: (p: PanelView) => boolean) =>
    (await waitForResultPanel(wb, what, pred)).view;

  async function submitFromPalette(fn: string, payload: string): Promise<void> {
    await wb.runCommand('Gearman: Submit Job');
    // Typing the name picks it from the registry's list, or offers it as free text when not listed yet.
    await wb.waitFor('the function quick pick', async () => (await wb.quickInputState()).title.includes('function'));
    await wb.quickInputAccept(fn);
    // One step: the text typed into the payload box is the payload, and Enter sends it.
    await wb.waitFor('the payload box', async () =>
      (await wb.quickInputState()).placeholder.startsWith('Type the payload'),
    );
    await wb.quickInputAccept(payload);
  }

  it('submits a .gearman block with an @file body from its CodeLens and shows the line count', async () => {
    await wb.openFile('count.gearman');
    const lens = session.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^▶ Submit$/ }).first();
    await wb.waitFor('the "▶ Submit" CodeLens', async () => (await lens.count()) > 0, 60_000);
    await lens.click();
    const p = await waitForPanel(
      'the count_lines result panel',
      (x) => x.fn === 'count_lines' && x.status === 'complete',
    );
    expect(p.result.trim()).toBe('5');
    await wb.screenshot('submit-codelens-result');
  });

  it('runs "Gearman: Submit Job" from the palette and shows WORK_STATUS progress and WORK_DATA in order', async () => {
    // The function list comes from the registry: wait until the library worker shows there.
    await wb.waitFor(
      'progress_demo in the function list',
      async () => {
        await wb.runCommand('Gearman: Submit Job');
        const items = await wb.waitFor(
          'function items',
          async () => (await wb.quickPickItems()).length > 0 && wb.quickPickItems(),
        );
        await session.page.keyboard.press('Escape');
        const demo = items.find((i) => i.label === 'progress_demo');
        if (!demo) throw new Error(`functions: ${items.map((i) => i.label).join(', ')}`);
        expect(demo.description).toBe('1 worker');
        return true;
      },
      60_000,
    );
    await submitFromPalette('progress_demo', 'hello');
    const p = await waitForPanel(
      'the progress_demo result panel',
      (x) => x.fn === 'progress_demo' && x.status === 'complete',
    );
    expect(p.data).toEqual(['chunk-1', 'chunk-2']);
    expect(p.progress).toBe('100% (2/2)');
    expect(p.result).toBe('all done: hello');
    await wb.screenshot('submit-palette-progress-data');
  });

  it('shows a result full of <script>, ANSI escapes and NUL bytes as text without running it', async () => {
    await submitFromPalette('nasty', 'x');
    const p = await waitForPanel('the nasty result panel', (x) => x.fn === 'nasty' && x.status === 'complete');
    expect(p.result).toContain('<script>document.body.dataset.pwned = "1"</script>');
    expect(p.result).toContain('\\x1B[31mred');
    expect(p.result).toContain('\\x00A\\x00');
    expect(p.pwned).toBe(false);
    await wb.screenshot('submit-inert-result');
  });

  it('keeps the submissions in the Job History view', async () => {
    await wb.openActivityView('Gearman');
    const header = wb.viewPane('Job History').locator('.pane-header');
    await wb.waitFor('the Job History view to expand', async () => {
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      return (await header.getAttribute('aria-expanded')) === 'true';
    });
    const rows = await wb.waitFor('three history rows', async () => {
      const r = await wb.treeRows('Job History');
      if (r.length < 3) throw new Error(`rows: ${r.map((x) => x.label).join(' | ')}`);
      return r;
    });
    expect(rows.map((r) => r.label)).toEqual(['nasty', 'progress_demo', 'count_lines']);
    expect(rows[2].description).toMatch(/^complete · 127\.0\.0\.1:\d+ · /);
    await wb.screenshot('submit-history');
  });

  it('serves a function locally (echo), lists it in the Jobs view, and answers a job', async () => {
    await wb.runCommand('Gearman: Serve Function Locally');
    await wb.quickInputAccept('echo_local');
    await wb.quickPickSelect('Echo the payload');
    await wb.openActivityView('Gearman');
    const row = await wb.waitForTreeRow('Jobs', 'echo_local', 60_000);
    expect(row.description).toMatch(/local worker on 127\.0\.0\.1:\d+ · echo · 0 jobs/);
    await submitFromPalette('echo_local', 'ping back');
    const p = await waitForPanel(
      'the echo_local result panel',
      (x) => x.fn === 'echo_local' && x.status === 'complete',
    );
    expect(p.result).toBe('ping back');
    await wb.screenshot('submit-local-worker');
  });
});
