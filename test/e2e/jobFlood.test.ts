// A worker that floods its client, seen in a real VS Code (code-server + headless Chromium):
// the result panel draws only the bounded number of chunks, says how many more there are, and
// stays usable: its "Save All…" writes every byte the worker sent through the language server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { LIVE_LIMITS } from '../../client/src/jobs/chunkLog';
import { FLUSH_MS } from '../../server/src/features/jobs/outbox';
import { flood, floodChunk } from '../adversarial/support/hostile';
import { startGearmanWorkbench, type GearmanWorkbench } from './support/gearmanWorkbench';

const PACKETS = 50_000;
const JOB_FILE = `### a worker that floods WORK_DATA
SUBMIT flood_e2e

go
`;

/** What the flood panel shows (runs in each frame; null outside result panels). */
interface FloodView {
  fn: string;
  status: string;
  items: number;
  first: string;
  last: string;
  count: string;
  more: string;
  result: string;
}
const PANEL_PROBE = `(() => {
  const fn = document.querySelector('#function');
  if (!fn) return null;
  const text = (sel) => document.querySelector(sel)?.textContent ?? '';
  const items = document.querySelectorAll('#data li');
  return {
    fn: fn.textContent ?? '', status: text('#status'), items: items.length,
    first: items[0]?.querySelector('.n')?.textContent ?? '', last: items[items.length - 1]?.querySelector('.n')?.textContent ?? '',
    count: text('#data-count'), more: text('#data-more'), result: text('#result'),
  };
})()`;

describe('a flooding worker in code-server', () => {
  let g: GearmanWorkbench;
  let worker: GearmanWorker;

  beforeAll(async () => {
    g = await startGearmanWorkbench({ 'flood.gearman': JOB_FILE });
    worker = new GearmanWorker({ host: '127.0.0.1', port: g.gd.port });
    worker.register('flood_e2e', async (job) => {
      // 25 bursts, each in batches of its own: the server shows at least 25 x 32 chunks, more than the editor keeps.
      await flood(job, PACKETS, 2 * FLUSH_MS);
      return 'flooded';
    });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop(2000);
    await g?.stop();
  });

  /** The flood panel's frame and what it shows, once `pred` holds. */
  function floodPanel(what: string, pred: (v: FloodView) => boolean): Promise<{ frame: Frame; view: FloodView }> {
    return g.wb.waitFor(
      what,
      async () => {
        const seen: FloodView[] = [];
        for (const frame of g.session.page.frames() as Frame[]) {
          const view = (await frame.evaluate(PANEL_PROBE).catch(() => null)) as FloodView | null;
          if (view?.fn !== 'flood_e2e') continue;
          if (pred(view)) return { frame, view };
          seen.push(view);
        }
        throw new Error(`panels: ${JSON.stringify(seen).slice(0, 400) || '(none)'}`);
      },
      120_000,
    );
  }

  it('shows the newest chunks and the summary line, and Save All writes every byte', async () => {
    const { wb, session } = g;
    await wb.openFile('flood.gearman');
    const lens = session.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^▶ Submit$/ }).first();
    await wb.waitFor('the "▶ Submit" CodeLens', async () => (await lens.count()) > 0, 60_000);
    await lens.click();
    const { view } = await floodPanel('the flood panel, complete', (v) => v.status === 'complete');

    const sent = Array.from({ length: PACKETS }, (_, i) => floodChunk(i));
    const sentBytes = Buffer.concat(sent);
    expect(view.items).toBe(LIVE_LIMITS.chunks);
    expect(Number(view.last)).toBe(PACKETS);
    // Numbered among all the chunks sent (those the server skipped count too), not from 1 in the panel or in a batch.
    expect(Number(view.first)).toBeGreaterThan(LIVE_LIMITS.chunks);
    expect(view.count).toMatch(new RegExp(`^${PACKETS} chunks, `));
    expect(view.more).toMatch(
      new RegExp(`^${PACKETS - LIVE_LIMITS.chunks} more chunks \\([\\d.]+ [KM]iB\\) not shown — Save All…$`),
    );
    expect(view.result).toBe('flooded');
    await wb.screenshot('flood-summary');

    // The panel still answers: Save All asks where (the simple save dialog) and the server writes the file.
    const target = join(g.server.workspace, 'flood-data.bin');
    await wb.waitFor('a click on "Save All…"', async () => {
      const { frame } = await floodPanel('the flood panel', () => true);
      await frame.locator('#data-more button[data-action="saveData"]').click({ timeout: 5_000 });
      return true;
    });
    await wb.fileDialogAccept('Save the WORK_DATA of flood_e2e', target);
    await wb.waitFor(
      'the saved file',
      async () => existsSync(target) && statSync(target).size === sentBytes.length,
      60_000,
    );
    expect(readFileSync(target).equals(sentBytes)).toBe(true);
  });
});
