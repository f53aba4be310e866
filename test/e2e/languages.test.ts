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
    env = await startGearmanWorkbench(FILES);
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
      const row = await wb.waitFor(`the problem for ${name}`, async () => {
        const t = (await wb.problems()).map((r) => r.text).find((x) => x.includes(`No worker registers '${name}'`));
        if (!t) throw new Error(`rows: ${(await wb.problems()).map((r) => r.text).join(' | ')}`);
        return t;
      }, 120_000);
      expect(row).toContain(`local (127.0.0.1:${gd.port})`);
    }
    await filter.fill('count_lines');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await wb.problems()).some((r) => r.text.includes("'count_lines'"))).toBe(false);
    await filter.fill('missing_');
    await wb.screenshot('languages-problems');
  });

  it('offers the live names in completion inside a name argument', async () => {
    await wb.openFile('client.js');
    await wb.goToLine(2, 19); // just inside the quote of 'missing_js': an empty prefix
    await session.page.keyboard.press('Control+Space');
    const suggest = session.page.locator('.suggest-widget .monaco-list-row', { hasText: 'count_lines' });
    await wb.waitFor('count_lines in the completion list', async () => (await suggest.count()) > 0, 60_000);
    await session.page.keyboard.press('Escape');
  });
});
