// One result panel per function, in a real VS Code (code-server + headless Chromium) with the
// packaged extension: two submits of a function reuse one tab with a list of its runs, a JSON
// result is a tree that folds, the payload is previewed, the diff with the previous run shows
// what changed, WORK_DATA chunks carry one number each; and a background ×5 block with one
// unique id is one job on gearmand, one Jobs row, said so, with a Queued time and plain words.
// With UPDATE_DOCS=1 the panel's screenshot replaces the README's (docs/result.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Frame } from 'playwright-core';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';
import { clickPanelButton, resultPanels, waitForPanel } from './support/resultPanels';

const JOB_FILE = `### five submits with one unique id, in the background
SUBMIT bg_fn
background: true
unique: same-1
repeat: 5

resize me
`;

/** Reads the parts of the panel this test is about, inside its frame. */
const PROBE = `(() => {
  const all = (sel) => [...document.querySelectorAll(sel)];
  return {
    runs: all('#runs option').map((o) => ({ text: o.textContent, selected: o.selected })),
    trees: all('#result details').length, rootOpen: document.querySelector('#result > details')?.open ?? null,
    payload: document.querySelector('#payload')?.textContent ?? '',
    added: all('#diff-lines .d-add').map((d) => d.textContent), removed: all('#diff-lines .d-del').map((d) => d.textContent),
    data: all('#data li').map((li) => li.innerText.replace(/\\s+/g, ' ').trim()),
    queued: document.querySelector('#t-queued')?.textContent ?? null, completed: document.querySelector('#t-completed')?.textContent ?? null,
    coalesced: document.querySelector('#coalesced')?.textContent ?? '', watch: document.querySelector('#watch')?.textContent ?? '',
  };
})()`;
type Probe = {
  runs: { text: string; selected: boolean }[];
  trees: number;
  rootOpen: boolean | null;
  payload: string;
  added: string[];
  removed: string[];
  data: string[];
  queued: string | null;
  completed: string | null;
  coalesced: string;
  watch: string;
};
const probe = (f: Frame) => f.evaluate(PROBE) as Promise<Probe>;
/** Probes the panel of `fn` as it is now (a redraw may swap the panel's frame). */
async function probeOf(g: GearmanWorkbench, fn: string): Promise<Probe> {
  const panel = (await resultPanels(g.wb.page)).find((x) => x.view.fn === fn);
  if (!panel) throw new Error(`no ${fn} panel`);
  return probe(panel.frame);
}

describe('one result panel per function in code-server', () => {
  let g: GearmanWorkbench;
  let worker: GearmanWorker;
  let late: GearmanWorker | undefined;
  let run = 0;

  beforeAll(async () => {
    g = await startGearmanWorkbench({ 'bg.gearman': JOB_FILE });
    worker = new GearmanWorker({ host: '127.0.0.1', port: g.gd.port });
    worker.register('json_echo', (job) => {
      job.data('chunk-a');
      job.data('chunk-b');
      run++;
      return JSON.stringify({ run, payload: job.payload.toString(), items: ['x', 'y'], nested: { ok: true } });
    });
    await worker.start();
  });

  afterAll(async () => {
    await late?.stop(2000);
    await worker?.stop(2000);
    await g?.stop();
  });

  async function submit(fn: string, payload: string): Promise<void> {
    const wb = g.wb;
    await wb.runCommand('Gearman: Submit Job');
    await wb.waitFor('the function quick pick', async () => (await wb.quickInputState()).title.includes('function'));
    const panel = (await resultPanels(wb.page)).find((x) => x.view.fn === fn);
    if (panel) {
      // Focus going to the panel (as VS Code does by itself when the panel is the active editor) keeps the box open.
      await panel.frame.locator('#result').click();
      expect(await wb.page.evaluate('document.activeElement?.tagName')).toBe('IFRAME');
      expect(await wb.quickInputVisible()).toBe(true);
    }
    await wb.quickInputAccept(fn);
    await wb.waitFor('the payload box', async () =>
      (await wb.quickInputState()).placeholder.startsWith('Type the payload'),
    );
    await wb.quickInputAccept(payload);
  }

  it('reuses one panel for two runs of a function, lists both, and diffs them', async () => {
    const { wb } = g;
    await submit('json_echo', 'first');
    await waitForPanel(
      wb,
      'the first json_echo result',
      (p) => p.fn === 'json_echo' && p.status === 'complete' && p.result.includes('"run"'),
    );
    await submit('json_echo', 'second');
    const p = await waitForPanel(
      wb,
      'the second run in the same panel',
      (v) => v.fn === 'json_echo' && v.status === 'complete' && v.result.includes('second'),
    );
    // One panel and one tab, whatever the number of submits.
    expect((await resultPanels(wb.page)).filter((x) => x.view.fn === 'json_echo')).toHaveLength(1);
    expect(await wb.page.locator('.tabs-container .tab', { hasText: 'Gearman: json_echo' }).count()).toBe(1);
    let v = await probeOf(g, 'json_echo');
    expect(v.runs.map((r) => r.selected)).toEqual([true, false]);
    expect(v.runs[0].text).toMatch(/^#2 · [\d:]+ · complete$/);
    // The JSON result is a tree whose objects and arrays fold.
    expect(v.trees).toBe(3);
    expect(v.rootOpen).toBe(true);
    expect(v.payload).toBe('second');
    expect(v.data).toEqual(['1 chunk-a', '2 chunk-b']);
    await p.frame.locator('#result details > summary').first().click();
    await wb.waitFor('the JSON tree to fold', async () => (await probeOf(g, 'json_echo')).rootOpen === false);

    await clickPanelButton(p, 'Compare with Previous Run');
    v = await wb.waitFor('diff lines', async () => {
      const now = await probeOf(g, 'json_echo');
      if (!now.added.length) throw new Error('no diff yet');
      return now;
    });
    expect(v.removed).toEqual(['-  "run": 1,', '-  "payload": "first",']);
    expect(v.added).toEqual(['+  "run": 2,', '+  "payload": "second",']);
    const shot = await wb.screenshot('result-panel-diff');
    if (process.env.UPDATE_DOCS === '1') copyFileSync(shot, resolve(__dirname, '../../docs/result.png'));

    // The older run is one pick away.
    const d = await waitForPanel(wb, 'the panel with its diff', (x) => x.fn === 'json_echo');
    await d.frame.locator('#runs').selectOption({ index: 1 });
    await waitForPanel(wb, 'the first run shown again', (x) => x.fn === 'json_echo' && x.result.includes('first'));
  });

  it('says gearmand coalesced background ×5 with one unique id into one job: one Jobs row, queued, no Completed time', async () => {
    const { wb, session } = g;
    await wb.openFile('bg.gearman');
    const lens = session.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^▶ Submit ×5$/ }).first();
    await wb.waitFor('the "▶ Submit ×5" CodeLens', async () => (await lens.count()) > 0, 60_000);
    await lens.click();
    await wb.waitForNotification('gearmand coalesced 5 submits with the unique id "same-1" into one job');
    const p = await waitForPanel(wb, 'the queued bg_fn panel', (x) => x.fn === 'bg_fn' && x.status === 'queued');
    const v = await probeOf(g, 'bg_fn');
    expect(v.completed).toBeNull();
    expect(v.queued).toMatch(/^[\d:.]+ \(\+\d+ ms\)$/);
    expect(v.coalesced).toMatch(/^gearmand coalesced 5 submits with the unique id "same-1" into one job \(H:[^)]+\)/);

    await wb.openActivityView('Gearman');
    const rows = await wb.waitFor('one bg_fn row in Jobs', async () => {
      const r = (await wb.treeRows('Jobs')).filter((x) => x.label === 'bg_fn');
      if (r.length !== 1) throw new Error(`bg_fn rows: ${r.length}`);
      return r;
    });
    expect(rows[0].description).toMatch(/^queued · 5 submits, one job · 127\.0\.0\.1:\d+$/);
    await wb.screenshot('result-panel-coalesced');

    // Watched until a worker takes it: the plain word comes with why.
    await clickPanelButton(p, 'Watch Status');
    late = new GearmanWorker({ host: '127.0.0.1', port: g.gd.port });
    late.register('bg_fn', () => 'done');
    await late.start();
    const ended = await waitForPanel(
      wb,
      'the watched job to end',
      (x) => x.fn === 'bg_fn' && x.status === 'ended (gone from the server)',
    );
    expect((await probe(ended.frame)).watch).toContain('a worker finished it');
  });
});
