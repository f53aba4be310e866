// The common submit as a user meets it, in a real VS Code (code-server + Chromium) with the
// packaged extension: the "Submit test job" CodeLens above a call goes straight to the payload
// of that function; typed text plus Enter sends; Run Last repeats it from a keybinding; a server
// shown as down is warned about; the keybindings clash with none of VS Code's; context-only
// commands are not in the palette.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

const CLIENT = `import gearman

client = gearman.GearmanClient(['127.0.0.1:4730'])
request = client.submit_job('count_lines', 'one line')
`;

const PANEL_PROBE = `(() => {
  const fn = document.querySelector('#function');
  if (!fn) return null;
  const text = (sel) => document.querySelector(sel)?.textContent ?? '';
  return { fn: fn.textContent ?? '', status: text('#status'), result: text('#result'), handle: text('#handle') };
})()`;

describe('submitting as a user does it', () => {
  let tmp: string;
  let gd: GearmandHandle;
  let cli: CliWorker;
  let dead: Server;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    gd = await startGearmand();
    cli = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    // A server that closes every connection: shown as down, and held by this test for as long as it runs.
    dead = createServer((s) => s.destroy());
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-flow-'));
    const ws = join(tmp, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'client.py'), CLIENT);
    server = await startCodeServer({
      workspace: ws,
      copyWorkspace: false,
      userSettings: {
        'gearman.servers': [
          { name: 'local', host: '127.0.0.1', port: gd.port },
          { name: 'dead', host: '127.0.0.1', port: (dead.address() as { port: number }).port },
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
    await new Promise((r) => dead?.close(r));
    await cli?.stop();
    await gd?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  type Panel = { fn: string; status: string; result: string; handle: string };
  /** The result panels on screen (a panel in a background tab has no content). */
  async function panels(): Promise<Panel[]> {
    const out = [];
    for (const f of session.page.frames() as Frame[]) {
      const v = (await f.evaluate(PANEL_PROBE).catch(() => null)) as Panel | null;
      if (v) out.push(v);
    }
    return out;
  }
  const completed = async () => (await panels()).filter((p) => p.fn === 'count_lines' && p.status === 'complete');

  it('goes from the "Submit test job" CodeLens straight to the payload of that function on that server', async () => {
    await wb.openActivityView('Gearman');
    await wb.waitForTreeRow('Servers', 'local');
    await wb.openFile('client.py');
    const lens = session.page
      .locator('.contentWidgets .codelens-decoration a', { hasText: /^Submit test job$/ })
      .first();
    await wb.waitFor('the "Submit test job" CodeLens', async () => (await lens.count()) > 0, 60_000);
    await lens.click();
    const state = await wb.waitFor('the payload box', async () => {
      const s = await wb.quickInputState();
      return s.placeholder.startsWith('Type the payload') && s.title ? s : undefined;
    });
    expect(state.title).toBe('Submit Gearman job: count_lines on local');
    // Prefilled with the payload the call passes.
    expect(state.value).toBe('one line');
    // What a user types: backslash-n for a new line; wc -l counts the three line ends.
    await wb.quickInputAccept('a\\nb\\nc\\n');
    const done = await wb.waitFor(
      'a count_lines result',
      async () => (await completed()).find((p) => p.result.trim() === '3'),
      60_000,
    );
    expect(done.result.trim()).toBe('3');
    await wb.screenshot('flow-codelens-payload');
  });

  it('runs the last submit again from its keybinding', async () => {
    const first = (await completed()).map((p) => p.handle);
    await wb.openFile('client.py');
    await session.page.keyboard.press('Control+Alt+J');
    await session.page.keyboard.press('r');
    const again = await wb.waitFor(
      'a new count_lines job',
      async () => (await completed()).find((p) => !first.includes(p.handle)),
      60_000,
    );
    expect(again.result.trim()).toBe('3');
  });

  it('warns before submitting to a server shown as down, and offers the live one', async () => {
    await wb.waitForTreeRow('Servers', 'dead');
    await wb.waitFor('dead to show as down', async () =>
      (await wb.treeRows('Servers')).find((r) => r.label === 'dead')?.description.startsWith('down'),
    );
    await wb.runCommand('Gearman: Submit Job');
    await wb.quickPickSelect('dead');
    await wb.quickInputAccept('count_lines');
    const dialog = session.page.locator('.monaco-dialog-box');
    await wb.waitFor('the down-server dialog', () => dialog.isVisible());
    expect(await dialog.locator('.dialog-message-text').textContent()).toMatch(/^Gearman: dead is down \(last seen /);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Pick Another Server' }).click();
    await wb.quickPickSelect('local');
    await wb.quickInputAccept('x\\ny\\n');
    await wb.waitFor(
      'a count_lines result of 2 lines',
      async () => (await completed()).some((p) => p.result.trim() === '2'),
      60_000,
    );
  });

  it('binds keys no VS Code default uses', async () => {
    await wb.runCommand('Preferences: Open Default Keyboard Shortcuts (JSON)');
    await wb.waitFor(
      'the default keybindings',
      async () =>
        (await session.page
          .locator('.tabs-container .tab.active .label-name', { hasText: 'Default Keybindings' })
          .count()) > 0,
    );
    const count = async (text: string) => {
      await session.page.keyboard.press('Control+F');
      const input = session.page.locator('.find-widget textarea[aria-label="Find"]');
      await input.fill(text);
      return wb.waitFor(`the match count of ${text}`, async () =>
        (await session.page.locator('.find-widget .matchesCount').textContent())?.trim(),
      );
    };
    // A default binding of the chord's first key alone would swallow it; the chords are ours only.
    // (ctrl+alt+g, tried first, is the terminal's BEL: this check caught it.)
    expect(await count('"key": "ctrl+alt+j"')).toBe('No results');
    expect(await count('"key": "ctrl+alt+j ')).toBe('1 of 2');
    expect(await count('"command": "gearman.submitJob"')).toBe('1 of 1');
    await session.page.keyboard.press('Escape');
  });

  it('keeps context-only commands out of the palette', async () => {
    await wb.runCommand('View: Close All Editors');
    await session.page.keyboard.press('F1');
    await wb.waitForQuickInput();
    await session.page.locator('.quick-input-widget input.input').fill('>Gearman: Copy');
    // Filtered once a Gearman command or VS Code's "similar commands" row leads the list; Copy Name / Copy Handle must not be in it.
    const titles = await wb.waitFor('the palette to filter', async () => {
      const items = (await wb.quickPickItems()).map((i) => i.label);
      return items.length && (items[0].startsWith('Gearman:') || items[0] === 'Copy') ? { items } : undefined;
    });
    expect(titles.items.filter((t) => /Copy (Name|Handle)/.test(t))).toEqual([]);
    await session.page.keyboard.press('Escape');
  });
});
