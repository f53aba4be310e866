// The demo a newcomer runs (scripts/demo.sh, as `npm run demo` runs it), seen in its own
// code-server: in the sample PHP, Python, Go and JavaScript clients, without writing a line, a
// typo is an error, a name only workspace worker code registers is a "no worker connected"
// warning, hover shows the live counts, F12 goes to the worker code and completion offers the
// live names. Stopping its gearmand with the printed command shows an outage and does not end
// the demo; SIGTERM then stops every process the demo started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';
import { describeProcesses, startDemo, type DemoRun } from './demoRun';

/** What each sample client shows: a live name, a typo of one, and a name only the worker code next to it registers. */
const LANGUAGES = [
  {
    language: 'PHP',
    client: 'php/client.php',
    worker: 'php/worker.php',
    live: 'resize_image',
    typo: 'resize_imgae',
    unserved: 'send_invoice',
  },
  {
    language: 'Python',
    client: 'python/client.py',
    worker: 'python/worker.py',
    live: 'to_upper',
    typo: 'to_uper',
    unserved: 'thumbnail_pdf',
  },
  {
    language: 'Go',
    client: 'go/client/main.go',
    worker: 'go/worker/main.go',
    live: 'reverse',
    typo: 'revers',
    unserved: 'geocode_address',
  },
  {
    language: 'JavaScript',
    client: 'js/client.js',
    worker: 'js/worker.js',
    live: 'count_lines',
    typo: 'count_line',
    unserved: 'index_document',
  },
];

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('the demo, in its own code-server', () => {
  let state: string;
  let demo: DemoRun;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'gearman-demo-'));
    demo = await startDemo({ state, terminal: false });
    const server = demo.codeServer();
    session = await openWorkbench(server);
    wb = session.workbench;
    await server.waitForActivation();
    // Quick open finds files once code-server has listed the workspace, which can take a while on a busy machine.
    await wb.waitFor(
      'quick open to find the sample files',
      () =>
        wb.openFile('lines.txt').then(
          () => true,
          () => false,
        ),
      180_000,
    );
  });

  afterAll(async () => {
    await session?.close();
    if (demo?.running()) {
      demo.signal('SIGKILL');
      await demo.exited;
    }
    for (const pid of demo?.processes() ?? []) process.kill(pid, 'SIGKILL');
    if (state) rmSync(state, { recursive: true, force: true });
  });

  /** 1-based line and column of the opening quote of NAME as the first argument of a call (not in a comment) in a workspace file. */
  function positionOf(file: string, name: string): { line: number; column: number } {
    const lines = readFileSync(join(demo.state, 'workspace', file), 'utf8').split('\n');
    const call = new RegExp(`\\(['"]${name}['"]`);
    const line = lines.findIndex((l) => call.test(l));
    if (line < 0) throw new Error(`${file} has no call with '${name}'`);
    return { line: line + 1, column: lines[line].search(call) + 2 };
  }

  /** The Problems row about NAME (the panel is virtualised: filtered to NAME so its row renders). */
  async function problemAbout(name: string, text: string): Promise<string> {
    await wb.problems();
    await session.page.locator('.part.panel .viewpane-filter input').first().fill(name);
    return wb.waitFor(
      `the problem about ${name}`,
      async () => {
        const rows = (await wb.problems()).map((r) => r.text);
        const row = rows.find((t) => t.includes(text));
        if (!row) throw new Error(`rows: ${rows.join(' | ')}`);
        return row;
      },
      120_000,
    );
  }

  /** Opens a workspace file as the only editor (go/client/main.go and go/worker/main.go share a tab label). */
  async function openAlone(file: string): Promise<void> {
    await wb.runCommand('View: Close All Editors');
    await wb.openFile(file);
  }

  describe.each(LANGUAGES)('$language', (l) => {
    it(`${l.client}: the typo is an error and the name only ${l.worker} registers is a warning`, async () => {
      await openAlone(l.client);
      const typo = await problemAbout(l.typo, `No worker registers '${l.typo}'`);
      expect(typo).toContain(`demo (127.0.0.1:${demo.gearmanPort})`);
      const warning = await problemAbout(l.unserved, `'${l.unserved}' is registered by worker code in this workspace`);
      expect(warning).toContain(l.worker);
      expect(warning).toContain('no worker for it is connected');
      await wb.screenshot(`demo-${l.language}-problems`);
    });

    it(`${l.client}: hover shows the live counts of '${l.live}'`, async () => {
      await openAlone(l.client);
      const at = positionOf(l.client, l.live);
      const hover = await wb.hoverText(at.line, at.column + 1, 60_000);
      expect(hover).toContain(l.live);
      // server, queued, running, workers: at least one worker is connected.
      expect(hover).toMatch(new RegExp(`demo \\(127\\.0\\.0\\.1:${demo.gearmanPort}\\)\\s+\\d+\\s+\\d+\\s+[1-9]`));
      await session.page.keyboard.press('Escape');
    });

    it(`${l.client}: go to definition on '${l.live}' opens ${l.worker} at its registration`, async () => {
      await openAlone(l.client);
      const at = positionOf(l.client, l.live);
      await wb.goToLine(at.line, at.column + 1);
      await session.page.keyboard.press('F12');
      const target = positionOf(l.worker, l.live);
      await wb.waitFor(
        `${l.worker} to open at line ${target.line}`,
        async () => {
          const title = await session.page.title();
          const cursor = (await wb.statusBarItems()).find((s) => /^Ln \d+, Col \d+/.test(s)) ?? '';
          if (!title.includes(l.worker.split('/').pop()!) || !cursor.startsWith(`Ln ${target.line},`))
            throw new Error(`window "${title}", cursor "${cursor}"`);
          return true;
        },
        60_000,
      );
      const tab = await session.page.locator('.tabs-container .tab.active').getAttribute('aria-label');
      expect(tab ?? '').toContain(l.worker.split('/').pop()!);
    });

    it(`${l.client}: completion inside a name offers the live '${l.live}' and the workspace's '${l.unserved}'`, async () => {
      await openAlone(l.client);
      const at = positionOf(l.client, l.typo);
      await wb.goToLine(at.line, at.column + 1); // just inside the quote: an empty prefix
      const row = (name: string) => session.page.locator('.suggest-widget .monaco-list-row', { hasText: name });
      await wb.waitFor(
        `${l.live} in the completion list`,
        async () => {
          if (!(await session.page.locator('.suggest-widget.visible').count()))
            await session.page.keyboard.press('Control+Space');
          return (await row(l.live).count()) > 0;
        },
        60_000,
      );
      expect(await row(l.unserved).count()).toBeGreaterThan(0);
      await wb.screenshot(`demo-${l.language}-completion`);
      await session.page.keyboard.press('Escape');
    });
  });

  it('stopping gearmand with the printed command shows an outage and the demo keeps running; start brings it back', async () => {
    await wb.openActivityView('Gearman');
    const serverRow = (pred: (description: string) => boolean, what: string) =>
      wb.waitFor(
        what,
        async () => {
          const row = (await wb.treeRows('gearman.servers')).find((r) => r.label === 'demo');
          if (!row || !pred(row.description)) throw new Error(`row: ${JSON.stringify(row)}`);
          return row;
        },
        90_000,
      );
    await serverRow((d) => !d.startsWith('down'), 'the demo server up');

    expect(demo.run(demo.stopGearmand)).toContain('stopped');
    expect(await accepts(demo.gearmanPort)).toBe(false);
    const down = await serverRow((d) => d.startsWith('down'), 'the demo server marked down');
    expect(down.description).toContain('refused the connection');
    await wb.screenshot('demo-outage');
    expect(demo.running()).toBe(true);
    expect(await accepts(demo.vsCodePort)).toBe(true);

    expect(demo.run(demo.startGearmand)).toContain(`gearmand is up on 127.0.0.1:${demo.gearmanPort}`);
    await serverRow((d) => !d.startsWith('down'), 'the demo server up again');
    expect(demo.running()).toBe(true);
  });

  it('SIGTERM stops every process the demo started, the restarted gearmand included', async () => {
    await session.close();
    const before = demo.processes();
    expect(before.length).toBeGreaterThan(3); // demo.sh, gearmand, CLI workers, sample workers, code-server and its children
    demo.signal('SIGTERM');
    await demo.exited;
    expect(describeProcesses(demo.processes())).toBe('');
    expect(await accepts(demo.gearmanPort)).toBe(false);
    expect(await accepts(demo.vsCodePort)).toBe(false);
    expect(demo.output()).toContain('demo: stopped');
  });
});
