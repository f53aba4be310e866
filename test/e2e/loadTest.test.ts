// Load test and server dashboard in a real VS Code (code-server + headless Chromium) with the
// packaged extension: a load test from the palette through the modal confirmation, its chart
// drawn (a canvas with pixels) and its counts; a dashboard whose queued series moves when a
// job is queued. With UPDATE_DOCS=1 the screenshots also replace the README's in docs/.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';

/** What a chart panel shows, read inside its webview frame (a string: the test project has no DOM types). */
const PROBE = `(() => {
  const chart = document.querySelector('#throughput canvas, #totals canvas');
  if (!chart) return null;
  const text = (id) => document.getElementById(id)?.textContent ?? '';
  // A drawn chart has pixels of more than one colour.
  const ctx = chart.getContext('2d');
  const px = ctx.getImageData(0, 0, chart.width, chart.height).data;
  const colours = new Set();
  for (let i = 0; i < px.length && colours.size < 3; i += 16) if (px[i + 3] > 0) colours.add(px[i] + ',' + px[i + 1] + ',' + px[i + 2]);
  return {
    kind: document.querySelector('#throughput') ? 'loadTest' : 'dashboard',
    state: document.body.dataset.state ?? '', done: text('done'), failed: text('failed'), submitted: text('submitted'),
    percentiles: text('percentiles'), queued: document.body.dataset.queued ?? '', points: Number(document.body.dataset.points ?? 0),
    colours: colours.size, canvas: chart.width + 'x' + chart.height,
  };
})()`;

/** Copies a screenshot over the README's when asked to (UPDATE_DOCS=1). */
function docs(shot: string, name: string): void {
  if (process.env.UPDATE_DOCS === '1') copyFileSync(shot, resolve(__dirname, '../../docs', name));
}

interface View {
  kind: string;
  state: string;
  done: string;
  failed: string;
  submitted: string;
  percentiles: string;
  queued: string;
  points: number;
  colours: number;
  canvas: string;
}

describe('load test and dashboard in code-server', () => {
  let g: GearmanWorkbench;
  let worker: GearmanWorker;

  beforeAll(async () => {
    g = await startGearmanWorkbench({ 'notes.txt': 'hello\n' });
    worker = new GearmanWorker({ host: '127.0.0.1', port: g.gd.port }, { concurrency: 8 });
    worker.register('lt_echo', (job) => job.payload);
    await worker.start();
    await g.wb.openActivityView('Gearman');
    await g.wb.waitForTreeRow('Servers', 'local');
  });
  afterAll(async () => {
    await worker?.stop(2000);
    await g?.stop();
  });

  async function views(): Promise<View[]> {
    const out: View[] = [];
    for (const f of g.session.page.frames() as Frame[]) {
      const v = (await f.evaluate(PROBE).catch(() => null)) as View | null;
      if (v) out.push(v);
    }
    return out;
  }

  const waitForView = (what: string, pred: (v: View) => boolean, timeoutMs = 60_000) =>
    g.wb.waitFor(
      what,
      async () => {
        const all = await views();
        const hit = all.find(pred);
        if (!hit) throw new Error(`chart panels: ${JSON.stringify(all)}`);
        return hit;
      },
      timeoutMs,
    );

  it('runs a load test from the palette after the modal confirmation and draws its chart and counts', async () => {
    const { wb } = g;
    await wb.runCommand('Gearman: Load Test Function');
    await wb.waitFor('the function quick pick', async () => (await wb.quickInputState()).title.includes('function'));
    await wb.quickInputAccept('lt_echo');
    await wb.quickPickSelect('Type it');
    await wb.quickInputAccept('ping');
    await wb.quickPickSelect('Jobs: 1000');
    await wb.quickInputAccept('20000');
    await wb.quickPickSelect('Start');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.waitFor('the confirmation dialog', () => dialog.isVisible());
    expect(((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim()).toBe(
      'Gearman: Load test lt_echo on local: 20,000 jobs, 16 in flight?',
    );
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Start Load Test' }).first().click();
    const v = await waitForView('the finished load test panel', (x) => x.kind === 'loadTest' && x.state === 'done');
    expect(v).toMatchObject({ done: '20000', submitted: '20000', failed: '0' });
    expect(v.percentiles).toMatch(/^p50[\d.,]+ ms/);
    expect(v.colours).toBeGreaterThanOrEqual(2);
    docs(await wb.screenshot('load-test'), 'loadtest.png');
  });

  it('opens a server dashboard whose queued series moves when a job is queued', async () => {
    const { wb } = g;
    await wb.runCommand('Gearman: Open Server Dashboard');
    const before = await waitForView(
      'the dashboard with data',
      (x) => x.kind === 'dashboard' && x.points > 0 && x.colours >= 2,
    );
    expect(before.queued).toBe('0');
    expect(
      spawnSync('gearman', ['-h', '127.0.0.1', '-p', String(g.gd.port), '-b', '-f', 'dash_nobody', 'x']).status,
    ).toBe(0);
    await waitForView('the queued series to reach 1', (x) => x.kind === 'dashboard' && x.queued === '1');
    docs(await wb.screenshot('dashboard'), 'dashboard.png');
  });
});
