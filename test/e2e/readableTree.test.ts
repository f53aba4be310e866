// The Servers tree as a user reads it at the default sidebar width, in a real VS Code
// (code-server + headless Chromium) with the packaged extension, against two real gearmands
// behind gates the test opens and shuts: "connecting" before the first poll, worker counts that
// fit, functions by name or problems first, a server summary, workers that name their
// functions, stale rows (with "last seen") under a server that went down, a "last seen" that
// moves while a server is up, Find Usages in Code, a cancel confirmation that says what it cancels
// and keeps the job by default, and row commands offered in the palette while their row is selected.
// With UPDATE_DOCS=1 the tree's screenshot also replaces the README's (docs/explorer.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startGate, type Gate } from '../support/gate';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

const VIEW = 'gearman.servers';

const CLIENT = `<?php
$client = new GearmanClient();
$client->addServer('127.0.0.1');
$client->doBackground('count_lines', $text);
`;

const WORKER = `<?php
$worker = new GearmanWorker();
$worker->addFunction('count_lines', 'count');
`;

describe('a Servers tree you can read at the default sidebar width', () => {
  let gd: GearmandHandle;
  let spareGd: GearmandHandle;
  const workers: CliWorker[] = [];
  let local: Gate;
  let spare: Gate;
  let tmp: string;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  const row = (label: string) => wb.waitForTreeRow(VIEW, label, 60_000);
  const rowWhere = (label: string, what: string, ok: (description: string) => boolean) =>
    wb.waitFor(
      `${label} ${what}`,
      async () => {
        const r = (await wb.treeRows(VIEW)).find((x) => x.label === label);
        if (!r || !ok(r.description)) throw new Error(`${label} row: ${JSON.stringify(r)}`);
        return r;
      },
      60_000,
    );
  /** Labels of the function rows under the first "Functions" row, in order. */
  const functionLabels = async () => {
    const rows = await wb.treeRows(VIEW);
    const at = rows.findIndex((r) => r.label === 'Functions');
    const out: string[] = [];
    for (let i = at + 1; i < rows.length && rows[i].level > rows[at].level; i++)
      if (rows[i].level === rows[at].level + 1) out.push(rows[i].label);
    return out;
  };
  /** True when a row's label and description are drawn whole (nothing cut off with an ellipsis). */
  const drawnWhole = (label: string) =>
    wb.treeRow(VIEW, label).evaluate((r) => {
      const c = r.querySelector('.monaco-icon-label-container');
      return !!c && c.scrollWidth <= c.clientWidth;
    });
  /** The hover of a row, read after moving the pointer away and onto it (so it shows anew). */
  const tooltip = async (label: string, has: string) => {
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: has }).last();
    return wb.waitFor(
      `the tooltip of ${label} with "${has}"`,
      async () => {
        await wb.page.mouse.move(0, 0);
        await wb.treeRow(VIEW, label).locator('.label-name').hover();
        const shown = await hover.waitFor({ state: 'visible', timeout: 5_000 }).then(
          () => true,
          () => false,
        );
        return shown && (await hover.innerText()).trim();
      },
      60_000,
    );
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-tree-'));
    const ws = join(tmp, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'client.php'), CLIENT);
    writeFileSync(join(ws, 'worker.php'), WORKER);
    gd = await startGearmand();
    spareGd = await startGearmand();
    // resize_image: a queued job nobody can take (the problem a reader looks for first).
    const r = spawnSync(
      'gearman',
      ['-h', '127.0.0.1', '-p', String(gd.port), '-b', '-f', 'resize_image', '-u', 'tree-u1', 'payload'],
      { timeout: 10_000 },
    );
    if (r.status !== 0) throw new Error('could not queue the resize_image job');
    workers.push(startCliWorker(gd.port, ['count_lines', 'reverse'], ['wc', '-l']));
    workers.push(startCliWorker(spareGd.port, ['archive'], ['cat']));
    local = await startGate(gd.port);
    spare = await startGate(spareGd.port);
    server = await startCodeServer({
      workspace: ws,
      userSettings: {
        'gearman.servers': [
          { name: 'local', host: '127.0.0.1', port: local.port },
          { name: 'spare', host: '127.0.0.1', port: spare.port },
        ],
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
    await local?.close();
    await spare?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await gd?.stop();
    await spareGd?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('says "paused" in the status bar while nothing polls, "connecting" until a first poll has answered, then how many servers are up', async () => {
    // Nothing is polled before the view opens: not "connecting" to anything.
    await wb.waitFor('the status bar to say paused', async () =>
      (await wb.statusBarItems()).includes('Gearman: 2 servers · paused'),
    );
    // The view opens polling; the gates hold every connection, so no poll has answered.
    await wb.openActivityView('Gearman');
    await wb.waitFor('the status bar to say connecting', async () =>
      (await wb.statusBarItems()).includes('Gearman: connecting…'),
    );
    local.open();
    spare.open();
    await wb.waitFor(
      'the status bar to count 2 of 2 servers up',
      async () => (await wb.statusBarItems()).includes('Gearman: 2/2 servers'),
      60_000,
    );
  });

  it('shows each function with its worker count first, whole at the default width, and the server summarised', async () => {
    const summary = await rowWhere('local', 'summarised', (d) =>
      d.startsWith('3 functions · 1 worker · 1 queued · 1.1.'),
    );
    expect(summary.level).toBe(1);
    await rowWhere('spare', 'summarised', (d) => d.startsWith('1 function · 1 worker · 0 queued · 1.1.'));
    await wb.collapseRow(VIEW, 'spare');
    await wb.expandRow(VIEW, 'Functions');
    expect((await rowWhere('count_lines', 'with its worker', (d) => d === '1 worker')).description).toBe('1 worker');
    expect(
      (await rowWhere('resize_image', 'with its queued job and no worker', (d) => d === '0 workers · 1 queued'))
        .description,
    ).toBe('0 workers · 1 queued');
    await rowWhere('reverse', 'with its worker', (d) => d === '1 worker');
    for (const label of ['count_lines', 'resize_image', 'reverse'])
      expect(await drawnWhole(label), `${label} cut off`).toBe(true);
    expect(await functionLabels()).toEqual(['count_lines', 'resize_image', 'reverse']);
  });

  it('sorts problems first on request (queued jobs and no worker), and by name again', async () => {
    await wb.runCommand('Gearman: Sort Functions: Problems First');
    await wb.waitFor(
      'resize_image first',
      async () => (await functionLabels()).join() === 'resize_image,count_lines,reverse',
    );
    await wb.screenshot('tree-problems-first');
    await wb.runCommand('Gearman: Sort Functions: By Name');
    await wb.waitFor(
      'functions by name again',
      async () => (await functionLabels()).join() === 'count_lines,resize_image,reverse',
    );
  });

  it('names a worker by its address (no "-" for a missing client id) and lists the functions it serves', async () => {
    await wb.expandRow(VIEW, 'Workers');
    const w = await rowWhere('127.0.0.1', 'naming its functions', (d) => d.includes('count_lines'));
    expect(w.description.split(', ').sort()).toEqual(['count_lines', 'reverse']);
    expect((await wb.treeRows(VIEW)).filter((r) => r.label.includes(' · -'))).toEqual([]);
    await wb.expandRow(VIEW, '127.0.0.1');
    await wb.waitFor("the worker's functions under it, each once", async () => {
      const rows = await wb.treeRows(VIEW);
      const at = rows.findIndex((r) => r.label === '127.0.0.1');
      return (
        rows
          .slice(at + 1, at + 3)
          .map((r) => r.label)
          .sort()
          .join() === 'count_lines,reverse' && rows[at + 3]?.level !== rows[at + 1].level
      );
    });
    const shot = await wb.screenshot('tree-readable');
    if (process.env.UPDATE_DOCS === '1') copyFileSync(shot, resolve(__dirname, '../../docs/explorer.png'));
  });

  it('moves "last seen" in the server tooltip while the server is up and nothing changes', async () => {
    const first = (await tooltip('local', 'Last seen: ')).match(/Last seen: (.+)/)?.[1];
    expect(first).toBeTruthy();
    // The row carries its tooltip in its aria-label: wait for the row redrawn with a later time
    // (at most every 10 s, SEEN_REDRAW_MS) without depending on the hover widget's timing.
    const seenOf = async () =>
      (await wb.treeRows(VIEW))
        .find((r) => r.level === 1 && r.label === 'local')
        ?.ariaLabel.match(/Last seen: (.+)/)?.[1];
    const later = await wb.waitFor(
      'the local row redrawn with a later "last seen"',
      async () => {
        const t = await seenOf();
        return t !== first && t;
      },
      120_000,
    );
    expect(later).not.toBe(first);
    // And the tooltip shows a time after the first (a later redraw may have moved it again).
    expect((await tooltip('local', 'Last seen: ')).match(/Last seen: (.+)/)?.[1]).not.toBe(first);
  });

  it('marks the rows of a server that went down as stale, with when it was last seen', async () => {
    await wb.collapseRow(VIEW, 'local');
    await wb.expandRow(VIEW, 'spare');
    await rowWhere('Functions', 'under spare, up', (d) => d === '1');
    spare.shut();
    await wb.clickViewTitleAction('Refresh', VIEW);
    await rowWhere('spare', 'down', (d) => d.startsWith('down: '));
    const fns = await rowWhere('Functions', 'stale', (d) => /^1 · stale since \d/.test(d));
    expect(await drawnWhole('Functions'), 'the stale mark cut off').toBe(true);
    expect((await rowWhere('Workers', 'stale', (d) => d.includes('stale'))).description).toBe(fns.description);
    expect(await tooltip('Functions', 'last seen at ')).toMatch(
      /^spare is down: these rows are what it said when it was last seen at \d/,
    );
    await wb.expandRow(VIEW, 'Functions');
    await row('archive');
    expect(await tooltip('archive', 'Stale: ')).toContain(
      'Stale: spare is down; these counts are what it said when last seen at ',
    );
    await wb.screenshot('tree-stale');
    spare.open();
    await wb.clickViewTitleAction('Refresh', VIEW);
    await rowWhere('Functions', 'fresh again', (d) => d === '1');
    await wb.collapseRow(VIEW, 'spare');
    await wb.expandRow(VIEW, 'local');
    // Its groups are as the user left them, though "last seen" moved while it was closed.
    await wb.waitFor('Functions under local still open', async () =>
      (await wb.treeRows(VIEW)).some((r) => r.label === 'count_lines'),
    );
  });

  it("finds the usages of a function in the workspace's code from its row", async () => {
    await wb.rowContextMenu(VIEW, 'count_lines', 'Find Usages in Code');
    const items = await wb.waitFor('usages in a quick pick', async () => {
      const list = await wb.quickPickItems();
      return list.length >= 2 && list;
    });
    expect(items.map((i) => `${i.label} ${i.description}`).sort()).toEqual([
      'client.php:4 client call',
      'worker.php:3 worker registration',
    ]);
    await wb.quickPickSelect('client.php:4');
    await wb.waitFor(
      'client.php open',
      async () =>
        (await wb.page.locator('.tabs-container .tab.active .label-name', { hasText: 'client.php' }).count()) > 0,
    );
  });

  it('asks "Keep it" / "Cancel 1 queued job" before cancelling, with "Keep it" the default: Enter and Escape keep the job', async () => {
    await wb.expandRow(VIEW, 'resize_image');
    const job = await wb.waitForTreeRow(VIEW, /^H:/);
    const ask = async (what: string) => {
      await wb.rowContextMenu(VIEW, job.label, 'Cancel Queued Job…');
      await wb.waitFor(what, async () => {
        const s = await wb.quickInputState();
        return s.title.startsWith('Cancel 1 queued job on ') && (await wb.quickPickItems()).length === 2;
      });
    };
    const active = () => wb.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').textContent();
    const closed = () => wb.waitFor('the confirmation to close', async () => !(await wb.quickInputVisible()));
    const stillQueued = async () => {
      await wb.clickViewTitleAction('Refresh', VIEW);
      expect((await wb.waitForTreeRow(VIEW, job.label)).description).toMatch(/^queued/);
    };

    await ask('the cancel confirmation');
    expect((await wb.quickPickItems()).map((i) => i.label)).toEqual(['Keep it', 'Cancel 1 queued job']);
    expect(await active()).toBe('Keep it');
    await wb.quickInputAccept();
    await closed();
    await stillQueued();

    await ask('the cancel confirmation again');
    await wb.page.keyboard.press('Escape');
    await closed();
    await stillQueued();

    await ask('the cancel confirmation a third time');
    await wb.quickPickSelect('Cancel 1 queued job');
    await wb.waitFor(
      'the job row to show it cancelled',
      async () =>
        (await wb.treeRows(VIEW)).find((r) => r.label === job.label)?.description.startsWith('cancelled (ignored)'),
      60_000,
    );
  });

  it('offers row commands in the palette while a row of their kind is selected, and runs them on that row', async () => {
    const select = async (label: string) => {
      await wb.clickTreeRow(VIEW, label);
      await wb.waitFor(
        `row ${label} selected`,
        async () => (await wb.treeRow(VIEW, label).getAttribute('aria-selected')) === 'true',
      );
    };
    const offered = () => wb.paletteCommands('Gearman: Se', 'Gearman: Serve Function Locally');

    await select('count_lines');
    let commands = await offered();
    expect(commands).toContain('Gearman: Set Max Queue…');
    expect(commands).not.toContain('Gearman: Server Info');
    await wb.runCommand('Gearman: Set Max Queue…');
    await wb.waitFor('the max queue box of count_lines', async () =>
      (await wb.quickInputState()).title.startsWith('Set max queue of count_lines on local'),
    );
    await wb.page.keyboard.press('Escape');

    await select('local');
    commands = await offered();
    expect(commands).toContain('Gearman: Server Info');
    expect(commands).not.toContain('Gearman: Set Max Queue…');
  });
});
