// The packaged extension (dist/gearman.vsix) installed into a real VS Code
// (code-server) and looked at through headless Chromium, as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GEARMAN_EXTENSION_ID, REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

const WORKSPACE = join(REPO_ROOT, 'test/e2e/workspace');
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('smoke: the packaged extension in code-server', () => {
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    server = await startCodeServer({ workspace: WORKSPACE });
    session = await openWorkbench(server);
    wb = session.workbench;
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('is installed from the .vsix', () => {
    expect(server.listExtensions()).toContain(`${GEARMAN_EXTENSION_ID}@${version}`);
  });

  it('activates in the extension host', async () => {
    await server.waitForActivation();
  });

  it('adds a Gearman entry to the activity bar that opens its views, the Servers view saying which server it shows', async () => {
    await wb.openActivityView('Gearman');
    await wb.waitFor('the Servers view in the side bar', () => wb.viewPane('gearman.servers').isVisible());
    const titles = await session.page.locator('.part.sidebar .pane-header h3.title').allTextContents();
    expect(titles).toEqual(['Servers', 'Jobs', 'Job History']);
    // No gearman.servers in this workspace: the extension falls back to the default server and says so.
    const message = wb.viewPane('gearman.servers').locator('.message');
    const text = await wb.waitFor('the message above the Servers tree', async () =>
      (await message.count()) ? (await message.first().innerText()).trim() : '',
    );
    expect(text).toBe('No servers configured: showing localhost:4730, the default.');
    await wb.screenshot('smoke-gearman-view');
  });

  it('is listed among the installed extensions in the Extensions view', async () => {
    await wb.openActivityView('Extensions');
    const names = session.page.locator('.extensions-viewlet .monaco-list-row .extension-list-item .name');
    const found = await wb.waitFor(
      '"Gearman" in the Extensions view',
      async () => {
        const all = await names.allTextContents();
        if (!all.includes('Gearman')) throw new Error(`extensions listed: ${all.join(', ') || '(none)'}`);
        return true;
      },
      60_000,
    );
    expect(found).toBe(true);
    await wb.screenshot('smoke-extensions-view');
  });

  it('opens a .gearman job file in the language the extension contributes', async () => {
    writeFileSync(join(server.workspace, 'smoke.gearman'), '### count\nSUBMIT count_lines\n\nhello\n');
    await wb.openFile('smoke.gearman');
    // The first editor opened: the language indicator shows this file's language once it shows any.
    const indicator = session.page.locator('.part.statusbar [id="status.editor.mode"]');
    const mode = await wb.waitFor('the language indicator in the status bar', async () =>
      (await indicator.count()) ? (await indicator.first().innerText()).trim() : '',
    );
    expect(mode).toBe('Gearman Job File');
  });
});
