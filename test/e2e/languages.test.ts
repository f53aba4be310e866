// Unknown function names are underlined in every language the issue names (Python, Go,
// JS/TS, Java, Ruby, C and the `gearman` CLI; PHP has its own test), as a new user sees it:
// each file opened in a real VS Code, against a real gearmand with a real worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GearmandHandle } from '../support/gearmand';
import type { WorkbenchSession } from './support/browser';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';
import type { Workbench } from './support/workbench';

/** One client file per language: a live name (count_lines) and an unknown one (`missing_<lang>`). */
const FILES: Record<string, string> = {
  'client.py': `import gearman\nclient = gearman.GearmanClient(['127.0.0.1:4730'])\nclient.submit_job('count_lines', data)\nclient.submit_job(task='missing_python', data=data)\n`,
  'client.go': `package main\n\nfunc main() {\n\tc.Do("count_lines", data, client.JobNormal, nil)\n\tc.DoBg("missing_go", data, client.JobLow)\n}\n`,
  'client.js': `client.submitJob('count_lines', text);\nclient.submitJob('missing_js', text);\n`,
  'client.ts': `client.submitJob('count_lines', text);\nclient.submitJobBg('missing_ts', text);\n`,
  'Client.java': `class Client {\n  void run() {\n    client.submitJob("count_lines", data);\n    client.submitBackgroundJob("missing_java", data);\n  }\n}\n`,
  'client.rb': `client.do_task('count_lines', data)\ntask = Gearman::Task.new('missing_ruby', data)\n`,
  'client.c': `int main(void) {\n  gearman_client_do(&client, "count_lines", NULL, data, size, &n, &ret);\n  gearman_client_do_background(&client, "missing_c", NULL, data, size, handle);\n}\n`,
  'jobs.sh': `#!/bin/sh\ngearman -f count_lines < /etc/passwd\ngearman -f missing_shell < /etc/hosts\n`,
};

describe('unknown function names in every client language, in code-server', () => {
  let env: GearmanWorkbench;
  let session: WorkbenchSession;
  let wb: Workbench;
  let gd: GearmandHandle;

  beforeAll(async () => {
    // No word-based suggestions: every completion item must come from a language server.
    env = await startGearmanWorkbench(FILES, { 'editor.wordBasedSuggestions': 'off' });
    ({ session, wb, gd } = env);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('lists an error in Problems for the unknown name of each file, and none for the live one', async () => {
    for (const file of Object.keys(FILES)) await wb.openFile(file);
    const expected = Object.values(FILES).map((t) => /missing_\w+/.exec(t)![0]);
    await wb.problems(); // opens the Problems panel
    // The panel's list is virtualised: filter it to one name at a time so its row is rendered.
    const filter = session.page.locator('.part.panel .viewpane-filter input').first();
    for (const name of expected) {
      await filter.fill(name);
      const row = await wb.waitFor(
        `the problem for ${name}`,
        async () => {
          const t = (await wb.problems()).map((r) => r.text).find((x) => x.includes(`No worker registers '${name}'`));
          if (!t) throw new Error(`rows: ${(await wb.problems()).map((r) => r.text).join(' | ')}`);
          return t;
        },
        120_000,
      );
      expect(row).toContain(`local (127.0.0.1:${gd.port})`);
    }
    // Every file's diagnostics arrived with its unknown name above, in the same publish as any about
    // count_lines. Once the filter has replaced the rows it showed, none may be about count_lines.
    await filter.fill('count_lines');
    const rows = await wb.waitFor('the filter "count_lines" to apply', async () => {
      const texts = (await wb.problems()).map((r) => r.text);
      return !texts.some((t) => t.includes(expected[expected.length - 1])) && texts;
    });
    expect(rows.filter((t) => t.includes("'count_lines'"))).toEqual([]);
    await filter.fill('missing_');
    await wb.screenshot('languages-problems');
  });

  it('offers the live names in completion inside a name argument, with what the server knows of them', async () => {
    await wb.openFile('client.js');
    await wb.goToLine(2, 19); // just inside the quote of 'missing_js': an empty prefix
    // The detail (server, workers, queue) comes only from the language server's registry.
    const detail = `local (127.0.0.1:${gd.port}): 1 worker, 0 queued`;
    const widget = session.page.locator('.suggest-widget.visible');
    const items = await wb.waitFor(
      'count_lines with its server detail in the completion list',
      async () => {
        const rows = await widget.locator('.monaco-list-row').evaluateAll((els) =>
          els.map((e) => ({
            label: e.querySelector('.label-name')?.textContent ?? '',
            detail: e.querySelector('.details-label')?.textContent ?? '',
          })),
        );
        if (!rows.some((r) => r.label === 'count_lines' && r.detail)) {
          // Not open (the key beat the editor's focus) or opened before the names were known: ask again.
          await session.page.keyboard.press((await widget.count()) ? 'Escape' : 'Control+Space');
          throw new Error(`suggestions: ${rows.map((r) => `${r.label} (${r.detail})`).join(' | ') || '(none)'}`);
        }
        return rows;
      },
      60_000,
    );
    await wb.screenshot('languages-completion');
    await session.page.keyboard.press('Escape');
    // Word-based suggestions are off: nothing but the server's names, not even missing_js from this very file.
    expect(items).toEqual([{ label: 'count_lines', detail }]);
  });
});
