// Function names in application code, in a real VS Code (code-server + headless Chromium) with
// the packaged extension, against a real gearmand: an unknown name in a PHP client is underlined
// and listed in Problems; both quick fixes make their diagnostic go away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GearmandHandle } from '../support/gearmand';
import type { CodeServer } from './support/codeServer';
import type { WorkbenchSession } from './support/browser';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';
import type { Workbench } from './support/workbench';

const CLIENT = `<?php
$client = new GearmanClient();
$client->addServer('127.0.0.1');
$client->doBackground('count_lines', $text);
$client->doNormal('resize_imgae', $png);
$client->doNormal('billing_export', $csv);
`;

const WORKER = `<?php
$worker = new GearmanWorker();
$worker->addFunction('resize_image', 'resize');
`;

describe('function names in PHP code, in code-server', () => {
  let env: GearmanWorkbench;
  let gd: GearmandHandle;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    env = await startGearmanWorkbench({ 'client.php': CLIENT, 'workers/resize.php': WORKER });
    ({ gd, server, session, wb } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  const problemTexts = async () => (await wb.problems()).map((r) => r.text);
  const squiggles = () => session.page.locator('.monaco-editor .squiggly-error').count();

  /** Opens the quick-fix menu on LINE:COLUMN (1-based) and picks the action titled `title`. */
  async function applyQuickFix(line: number, column: number, title: string): Promise<void> {
    await wb.goToLine(line, column);
    const menu = session.page.locator('.action-widget');
    const row = menu.locator('.monaco-list-row', { hasText: title }).first();
    // Ctrl+. opens the menu with the fixes known at that moment: without ours, close it and ask again.
    await wb.waitFor(
      `quick fix "${title}"`,
      async () => {
        if ((await row.count()) > 0) return true;
        await session.page.keyboard.press((await menu.isVisible()) ? 'Escape' : 'Control+.');
        return false;
      },
      60_000,
    );
    // Keyboard, not a click: the context view's pointer block sits over the menu in code-server.
    const index = async (l: typeof row) => Number(await l.getAttribute('data-index'));
    const focused = session.page.locator('.action-widget .monaco-list-row.focused').first();
    const steps = (await index(row)) - ((await focused.count()) ? await index(focused) : 0);
    for (let i = 0; i < Math.abs(steps); i++) await session.page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    await session.page.keyboard.press('Enter');
  }

  it('underlines a name no worker registers and lists it in Problems, naming the server checked', async () => {
    await wb.openFile('client.php');
    const rows = await wb.waitFor(
      'the unknown-name problems',
      async () => {
        const texts = await problemTexts();
        return (
          texts.some((t) => t.includes("'resize_imgae'")) && texts.some((t) => t.includes("'billing_export'")) && texts
        );
      },
      90_000,
    );
    const typo = rows.find((t) => t.includes("'resize_imgae'"))!;
    expect(typo).toContain(`local (127.0.0.1:${gd.port})`);
    expect(typo).toContain('no worker code in this workspace registers it');
    expect(rows.some((t) => t.includes("'count_lines'"))).toBe(false);
    expect(await wb.waitFor('error squiggles in the editor', async () => (await squiggles()) >= 2)).toBe(true);
    await wb.screenshot('call-sites-unknown-name');
  });

  it('shows code lenses above client calls and a hover with the live counts', async () => {
    const lens = session.page.locator('.codelens-decoration', { hasText: '1 worker · 0 queued' });
    await wb.waitFor('the "1 worker · 0 queued" CodeLens', async () => (await lens.count()) > 0, 60_000);
    expect(
      await session.page.locator('.codelens-decoration', { hasText: 'Submit test job' }).count(),
    ).toBeGreaterThanOrEqual(3);
    const hover = await wb.hoverText(4, 27);
    expect(hover).toContain('count_lines');
    expect(hover).toMatch(new RegExp(`local \\(127\\.0\\.0\\.1:${gd.port}\\)\\s+0\\s+0\\s+1`));
    await session.page.keyboard.press('Escape');
  });

  it('"Did you mean" replaces the typo, and its problem goes away', async () => {
    await applyQuickFix(5, 22, "Did you mean 'resize_image'?");
    await wb.waitFor(
      'the typo problem to go away',
      async () => !(await problemTexts()).some((t) => t.includes("'resize_imgae'")),
      60_000,
    );
    // The name is now served by workspace worker code with no live worker: a warning, not an error.
    const texts = await wb.waitFor(
      'the no-live-worker warning',
      async () => {
        const t = await problemTexts();
        return t.some((x) => x.includes("'resize_image' is registered by worker code in this workspace")) && t;
      },
      60_000,
    );
    expect(texts.join('\n')).toContain('workers/resize.php');
  });

  it('"Add to gearman.knownFunctions" writes the workspace setting, and the problem goes away', async () => {
    await applyQuickFix(6, 22, "Add 'billing_export' to gearman.knownFunctions");
    await wb.waitFor(
      'the billing_export problem to go away',
      async () => !(await problemTexts()).some((t) => t.includes("'billing_export'")),
      60_000,
    );
    const settings = JSON.parse(readFileSync(join(server.workspace, '.vscode', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(settings['gearman.knownFunctions']).toEqual(['billing_export']);
    expect(await wb.waitFor('no error squiggles left', async () => ((await squiggles()) === 0 ? 'none' : false))).toBe(
      'none',
    );
  });
});
