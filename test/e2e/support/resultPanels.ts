// Reads and drives the Gearman result panels of a workbench page. Webviews live in nested
// iframes; each frame that holds a result page is found by its `#function` element.
import type { Frame, Page } from 'playwright-core';
import type { Workbench } from './workbench';

/** What a result panel shows, read from inside its webview frame. */
export interface PanelView {
  fn: string;
  status: string;
  /** data-phase of the status: complete, exception, fail, waiting, ... */
  phase: string;
  server: string;
  result: string;
  /** The heading of the result section ('Result' or 'Exception'), '' without one. */
  resultTitle: string;
  data: string[];
  warnings: string[];
  progress: string;
  message: string;
  /** Labels of the panel's buttons. */
  buttons: string[];
  /** Set when a script smuggled into the page ran. */
  pwned: boolean;
}

/** Runs in each frame (a string, since the test project has no DOM types); null outside result panels. */
const PANEL_PROBE = `(() => {
  const fn = document.querySelector('#function');
  if (!fn) return null;
  const text = (sel) => document.querySelector(sel)?.textContent ?? '';
  const list = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent ?? '');
  const result = document.querySelector('#result');
  return {
    fn: fn.textContent ?? '', status: text('#status'), phase: document.querySelector('#status')?.dataset.phase ?? '',
    server: text('#server'), result: text('#result'), progress: text('#progress'), message: text('#message'),
    resultTitle: result ? (result.closest('section')?.querySelector('h2')?.firstChild?.textContent ?? '').trim() : '',
    data: list('#data li pre'), warnings: list('#warnings li pre'), buttons: list('nav button'),
    pwned: document.body.dataset.pwned !== undefined,
  };
})()`;

/** A result panel and the frame it is drawn in. */
export interface Panel {
  view: PanelView;
  frame: Frame;
}

/** Every result panel on the page now. */
export async function resultPanels(page: Page): Promise<Panel[]> {
  const out: Panel[] = [];
  for (const frame of page.frames()) {
    const view = (await frame.evaluate(PANEL_PROBE).catch(() => null)) as PanelView | null;
    if (view) out.push({ view, frame });
  }
  return out;
}

/** Waits for a result panel that satisfies `pred`, and returns it. */
export async function waitForPanel(
  wb: Workbench,
  what: string,
  pred: (p: PanelView) => boolean,
  timeoutMs = 60_000,
): Promise<Panel> {
  return wb.waitFor(
    what,
    async () => {
      const all = await resultPanels(wb.page);
      const hit = all.find((p) => pred(p.view));
      if (!hit) throw new Error(`panels: ${JSON.stringify(all.map((p) => p.view)).slice(0, 400) || '(none)'}`);
      return hit;
    },
    timeoutMs,
  );
}

/** Clicks the panel button labelled LABEL ('Copy', 'Save…', 'Open as Document', ...). */
export async function clickPanelButton(panel: Panel, label: string): Promise<void> {
  await panel.frame.locator('nav button', { hasText: label }).first().click({ timeout: 10_000 });
}
