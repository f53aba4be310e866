// The "Get started with Gearman" walkthrough in a real VS Code (code-server + headless
// Chromium) with the packaged extension, against a real gearmand with a count_lines worker:
// opened from the palette as a newcomer would, each step followed through its own button,
// and each step checked off by what the user did (its completion event), not before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';

const CLIENT = `<?php
$client = new GearmanClient();
$client->addServer('127.0.0.1');
$client->doNormal('count_lines', $text);
$client->doBackground('count_lnes', $text);
`;

const STEPS = ['addServer', 'openExplorer', 'submitJob', 'diagnostics'];

describe('the Get started walkthrough, in code-server', () => {
  let env: GearmanWorkbench;

  beforeAll(async () => {
    env = await startGearmanWorkbench({ 'client.php': CLIENT });
  });

  afterAll(async () => {
    await env?.stop();
  });

  const step = (id: string): Locator =>
    env.session.page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
  const checked = async (id: string): Promise<boolean> => (await step(id).getAttribute('aria-checked')) === 'true';

  /** Opens the walkthrough through "Welcome: Open Walkthrough..." (also brings it back to the front). */
  async function openWalkthrough(): Promise<void> {
    await env.wb.runCommand('Welcome: Open Walkthrough...');
    await env.wb.quickPickSelect('Get started with Gearman');
    await env.wb.waitFor(
      'the walkthrough steps',
      async () => (await step('addServer').isVisible()) && (await step('diagnostics').isVisible()),
    );
  }

  /** Expands step ID and clicks its button LABEL. */
  /** Clicks a step's button; with `opens`, clicks again until the quick input it opens shows (a busy page may drop the first). */
  async function clickStepButton(id: string, label: string, opens = false): Promise<void> {
    await openWalkthrough();
    const s = step(id);
    await env.wb.waitFor(`step ${id} to expand`, async () => {
      if ((await s.getAttribute('aria-expanded')) !== 'true') await s.click();
      return (await s.getAttribute('aria-expanded')) === 'true';
    });
    // The page moves focus to the step it selects, on a timer: a quick pick opened before that
    // would lose focus and close. Wait until the step holds the focus, then click.
    await env.wb.waitFor(`step ${id} to take focus`, () => s.evaluate((el) => el.ownerDocument.activeElement === el));
    const button = s.locator('.button-container .monaco-button', { hasText: label }).first();
    await env.wb.waitFor(
      `the "${label}" button of step ${id}`,
      async () => (await button.isVisible()) && (await button.click().then(() => true)),
    );
    if (!opens) return;
    await env.wb.waitFor(
      `what "${label}" opens`,
      async () => {
        if (await env.wb.quickInputVisible()) return true;
        await env.wb.waitForQuickInput(5000).catch(async () => {
          if (await button.isVisible()) await button.click();
        });
        return env.wb.quickInputVisible();
      },
      60_000,
    );
  }

  it('opens from the palette with its four steps, none checked', async () => {
    await openWalkthrough();
    for (const id of STEPS) expect(await checked(id)).toBe(false);
    const titles = await env.session.page.locator('button.getting-started-step .step-title').allInnerTexts();
    expect(titles).toEqual(['Add a server', 'Open the explorer', 'Submit count_lines', 'See a diagnostic in code']);
    await env.wb.screenshot('walkthrough-open');
  });

  it('"Add Server" runs the add-server flow; the server is saved and the step is checked', async () => {
    const { wb, gd, server } = env;
    await clickStepButton('addServer', 'Add Server');
    // Each box of the flow is told apart by its title, so a keystroke never lands in the box before.
    const box = (step: string) =>
      wb.waitFor(
        `the "${step}" box`,
        async () => (await wb.quickInputState()).title === `Add Gearman server (${step})`,
      );
    // The same gearmand under another address, so it is a new server.
    await box('host and port');
    await wb.quickInputAccept(`localhost:${gd.port}`);
    await box('name');
    await wb.quickInputAccept('walkthrough');
    await box('TLS');
    await wb.quickPickSelect('No TLS');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.waitFor('the connection test to answer', () => dialog.isVisible(), 60_000);
    expect(await dialog.innerText()).toContain(`localhost:${gd.port} answered`);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Save' }).first().click();
    await wb.quickPickSelect('Workspace settings');
    await wb.waitFor('the server in the workspace settings', () => {
      try {
        const s = JSON.parse(readFileSync(join(server.workspace, '.vscode/settings.json'), 'utf8')) as {
          'gearman.servers'?: { name?: string }[];
        };
        return s['gearman.servers']?.some((e) => e.name === 'walkthrough');
      } catch {
        return false;
      }
    });
    await openWalkthrough();
    await wb.waitFor('step "Add a server" checked', () => checked('addServer'));
    expect(await checked('openExplorer')).toBe(false);
  });

  it('"Open the Gearman Explorer" shows the Servers view, and the step is checked', async () => {
    await clickStepButton('openExplorer', 'Open the Gearman Explorer');
    await env.wb.waitForTreeRow('gearman.servers', 'walkthrough', 60_000);
    await openWalkthrough();
    await env.wb.waitFor('step "Open the explorer" checked', () => checked('openExplorer'));
    expect(await checked('submitJob')).toBe(false);
  });

  it('"Submit count_lines" goes straight to the payload of count_lines; the step is checked once the job has run', async () => {
    const { wb, gd } = env;
    await clickStepButton('submitJob', 'Submit count_lines', true);
    // Two servers now (the user's and the one just added): pick the user's.
    if ((await wb.quickInputState()).title.includes('server')) await wb.quickPickSelect('local');
    await wb.waitFor('the payload box for count_lines', async () => {
      const q = await wb.quickInputState();
      return q.title.includes('count_lines') && q.placeholder.startsWith('Type the payload');
    });
    // Not checked by the click: only once a job has run (checking it earlier would move the
    // walkthrough's focus and close this box).
    expect(await checked('submitJob')).toBe(false);
    await wb.quickInputAccept('one line');
    await wb.openActivityView('Gearman');
    const header = wb.viewPane('Job History').locator('.pane-header');
    await wb.waitFor('the Job History view to expand', async () => {
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      return (await header.getAttribute('aria-expanded')) === 'true';
    });
    const row = await wb.waitForTreeRow('Job History', 'count_lines', 60_000);
    expect(row.description).toMatch(new RegExp(`^complete · 127\\.0\\.0\\.1:${gd.port}`));
    await openWalkthrough();
    await wb.waitFor('step "Submit count_lines" checked', () => checked('submitJob'));
    expect(await checked('diagnostics')).toBe(false);
  });

  it('"Show Problems" lists the misspelled name in the open client file, and the last step is checked', async () => {
    const { wb, gd } = env;
    await wb.openFile('client.php');
    await clickStepButton('diagnostics', 'Show Problems');
    const problem = await wb.waitFor(
      'the count_lnes problem',
      async () => (await wb.problems()).map((r) => r.text).find((t) => t.includes("No worker registers 'count_lnes'")),
      90_000,
    );
    expect(problem).toContain(`127.0.0.1:${gd.port}`);
    await openWalkthrough();
    await wb.waitFor('step "See a diagnostic in code" checked', () => checked('diagnostics'));
    for (const id of STEPS) expect(await checked(id)).toBe(true);
    await wb.screenshot('walkthrough-done');
  });
});
