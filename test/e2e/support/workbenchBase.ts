// Base of the workbench page object: waiting with a deadline (never a fixed sleep) and
// failures that name what was awaited and where the screenshot is; clicking past stray
// tooltips; the command palette and quick picks.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Where screenshots go (gitignored). */
export const ARTIFACTS = resolve(__dirname, '../artifacts');
/** The quick pick / input box widget. */
export const QUICK_INPUT = '.quick-input-widget';
/** A RegExp matching exactly S. */
export const exact = (s: string): RegExp => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** What a probe returns once it is done waiting. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** One item of an open quick pick. */
export interface QuickPickItem {
  label: string;
  description: string;
  detail: string;
  ariaLabel: string;
}

/** Waiting, clicking, screenshots, the command palette and quick input. */
export class WorkbenchBase {
  constructor(readonly page: Page) {}

  /** Saves a PNG of the page to test/e2e/artifacts/NAME.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Polls probe until it returns something truthy; on timeout throws with the last error and a screenshot path. */
  async waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<Truthy<T>> {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v as Truthy<T>;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) {
        const shot = await this.screenshot(`timeout-${what.slice(0, 40)}-${Date.now()}`).catch(
          (e: unknown) => `(screenshot failed: ${String(e)})`,
        );
        const why = last instanceof Error ? last.message.split('\n')[0] : last === undefined ? '' : String(last);
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}${why ? `; last: ${why}` : ''}; screenshot: ${shot}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Runs a command by its palette title ('Gearman: Add Server') through F1. */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput('F1');
    await this.page.locator(`${QUICK_INPUT} input.input`).fill(`>${title}`);
    await this.quickPickSelect(title);
  }

  /**
   * The palette's commands for FILTER (typed after ">"), read once the list shows ANCHOR, a
   * command the palette always offers for that filter: so an absent command is absent, not late.
   */
  async paletteCommands(filter: string, anchor: string): Promise<string[]> {
    await this.openQuickInput('F1');
    await this.page.locator(`${QUICK_INPUT} input.input`).fill(`>${filter}`);
    const labels = await this.waitFor(`"${anchor}" in the palette`, async () => {
      const now = (await this.quickPickItems()).map((i) => i.label);
      if (!now.includes(anchor)) throw new Error(`items: ${now.join(' | ') || '(none)'}`);
      return now;
    });
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** True while a quick pick or input box is open. */
  async quickInputVisible(): Promise<boolean> {
    return this.page.locator(QUICK_INPUT).isVisible();
  }

  /** Waits for a quick pick or input box to open. */
  async waitForQuickInput(timeoutMs = 30_000): Promise<void> {
    await this.waitFor('a quick pick / input box to open', () => this.quickInputVisible(), timeoutMs);
  }

  /** Items the open quick pick shows now. */
  async quickPickItems(): Promise<QuickPickItem[]> {
    return this.page.locator(`${QUICK_INPUT} .monaco-list-row`).evaluateAll((rows) =>
      rows.map((r) => ({
        label: r.querySelector('.label-name')?.textContent ?? '',
        description: r.querySelector('.label-description')?.textContent ?? '',
        detail: r.querySelector('.quick-input-list-label-meta .label-name')?.textContent ?? '',
        ariaLabel: r.getAttribute('aria-label') ?? '',
      })),
    );
  }

  /** Title, prompt/message and current value of the open quick input. */
  async quickInputState(): Promise<{ title: string; message: string; value: string; placeholder: string }> {
    const w = this.page.locator(QUICK_INPUT);
    const input = w.locator('input.input');
    return {
      title: ((await w.locator('.quick-input-title').textContent()) ?? '').trim(),
      message: ((await w.locator('.quick-input-message').textContent()) ?? '').trim(),
      value: await input.inputValue(),
      placeholder: (await input.getAttribute('placeholder')) ?? '',
    };
  }

  /** Types TEXT into the open quick input (replacing what is there) and presses Enter. */
  async quickInputAccept(text?: string): Promise<void> {
    await this.waitForQuickInput();
    const input = this.page.locator(`${QUICK_INPUT} input.input`);
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Answers VS Code's simple file dialog (open or save, titled TITLE) with PATH. The dialog first
   * lists its folder and then writes that folder's path into its box, replacing anything typed
   * before (slow on a busy machine): so wait for the list, then type.
   */
  async fileDialogAccept(title: string, path: string): Promise<void> {
    await this.waitFor(`the file dialog "${title}" to list its folder`, async () => {
      const s = await this.quickInputState();
      if (s.title !== title) throw new Error(`open: "${s.title}"`);
      return s.value !== '' && (await this.page.locator(`${QUICK_INPUT} .monaco-list-row`).count()) > 0;
    });
    await this.quickInputAccept(path);
  }

  /** Clicks the quick pick item whose label is exactly LABEL (after it appears). */
  async quickPickSelect(label: string): Promise<void> {
    await this.waitForQuickInput();
    const row = this.page
      .locator(`${QUICK_INPUT} .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exact(label) }) })
      .first();
    await this.waitFor(`quick pick item "${label}"`, async () => {
      if ((await row.count()) === 0)
        throw new Error(`items: ${(await this.quickPickItems()).map((i) => i.label).join(' | ') || '(none)'}`);
      return this.click(row);
    });
  }

  /** Clicks TARGET (short timeout). A tooltip left by the last gesture can cover it: then the pointer moves away and this throws, for the caller's waitFor to retry. */
  protected async click(target: Locator): Promise<true> {
    try {
      await target.click({ timeout: 5_000 });
      return true;
    } catch (e) {
      await this.movePointerAway();
      throw e;
    }
  }

  /** Moves the pointer to the right edge of the window, where nothing shows a tooltip. */
  protected async movePointerAway(): Promise<void> {
    const size = this.page.viewportSize() ?? { width: 1400, height: 900 };
    await this.page.mouse.move(size.width - 2, Math.round(size.height / 2));
  }

  /** Opens a quick input with KEY, pressing Escape first and retrying until it shows (the first key can land before focus does). */
  protected async openQuickInput(key: string): Promise<void> {
    await this.waitFor(`a quick input after ${key}`, async () => {
      if (await this.quickInputVisible()) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press(key);
      const end = Date.now() + 3_000;
      while (Date.now() < end) {
        if (await this.quickInputVisible()) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    });
  }
}
