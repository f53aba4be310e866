// Page object for code-server's workbench: activity bar, views and trees, notifications,
// editor, hover, Problems and status bar. Waiting, clicking and quick input live in
// workbenchBase.ts.
import { readFileSync } from 'node:fs';
import { resolve, basename } from 'node:path';
import type { Locator } from 'playwright-core';
import { QUICK_INPUT, WorkbenchBase, exact } from './workbenchBase';

export { ARTIFACTS, type QuickPickItem, type Truthy } from './workbenchBase';

/** One row of a tree view. */
export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  /** 1 for top-level rows. */
  level: number;
  /** undefined for leaves. */
  expanded: boolean | undefined;
}

/** One notification (toast or notification centre). */
export interface Notification {
  message: string;
  source: string;
  severity: 'error' | 'warning' | 'info';
  buttons: string[];
}

/** One row of the Problems panel: a file row or a marker row, as the screen reader reads it. */
export interface ProblemRow {
  ariaLabel: string;
  text: string;
}

/** View id -> title, from the extension's manifest, so views can be named by id ('gearman.servers'). */
const VIEW_TITLES: Record<string, string> = Object.fromEntries(
  Object.values(
    (
      JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
        contributes?: { views?: Record<string, { id: string; name: string }[]> };
      }
    ).contributes?.views ?? {},
  )
    .flat()
    .map((v) => [v.id, v.name]),
);
const css = (s: string): string => JSON.stringify(s);

/** Drives one workbench page. */
export class Workbench extends WorkbenchBase {
  /** Aria-labels of the activity bar entries. */
  async activityBarItems(): Promise<string[]> {
    return this.page
      .locator('.part.activitybar .action-item .action-label')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** Shows the view container whose activity bar entry is TITLE (e.g. 'Gearman'), without toggling it closed. */
  async openActivityView(title: string): Promise<void> {
    const item = this.page
      .locator(
        `.part.activitybar .action-item:has(> .action-label[aria-label=${css(title)}]), .part.activitybar .action-item:has(> .action-label[aria-label^=${css(`${title} (`)}])`,
      )
      .first();
    await this.waitFor(
      `activity bar entry "${title}"`,
      async () => {
        if ((await item.count()) === 0)
          throw new Error(`activity bar has: ${(await this.activityBarItems()).join(', ')}`);
        return true;
      },
      60_000,
    );
    const shown = async (): Promise<boolean> => {
      const t = await this.page
        .locator('.part.sidebar .composite.title h2')
        .first()
        .textContent()
        .catch(() => null);
      return (
        (t ?? '').toLowerCase().startsWith(title.toLowerCase()) &&
        (await this.page.locator('.part.sidebar').isVisible())
      );
    };
    if (!(await shown())) {
      await this.waitFor(`a click on "${title}" in the activity bar`, () => this.click(item));
      await this.movePointerAway(); // its tooltip would otherwise cover the side bar's first rows
    }
    await this.waitFor(`side bar showing "${title}"`, shown);
  }

  /** The pane of a view, found by its title ('Servers') or, for this extension's views, its id ('gearman.servers'). */
  viewPane(view: string): Locator {
    const byTitle = `.pane:has(> .pane-header h3.title:text-is(${css(VIEW_TITLES[view] ?? view)}))`;
    return this.page.locator(`.part.sidebar ${byTitle}, .part.panel ${byTitle}, .part.auxiliarybar ${byTitle}`).first();
  }

  /** The rows a tree view shows now (only rendered rows: trees are virtualised). */
  async treeRows(view: string): Promise<TreeRow[]> {
    return this.viewPane(view)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((r) => ({
          label: r.querySelector('.label-name')?.textContent ?? r.textContent ?? '',
          description: r.querySelector('.label-description')?.textContent ?? '',
          ariaLabel: r.getAttribute('aria-label') ?? '',
          level: Number(r.getAttribute('aria-level') ?? '1'),
          expanded: r.hasAttribute('aria-expanded') ? r.getAttribute('aria-expanded') === 'true' : undefined,
        })),
      );
  }

  /** The row labelled exactly LABEL in a view. */
  treeRow(view: string, label: string): Locator {
    return this.viewPane(view)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact(label) }) })
      .first();
  }

  /** Waits until the view shows a row whose label equals (string) or matches (RegExp) LABEL, and returns it. */
  async waitForTreeRow(view: string, label: string | RegExp, timeoutMs = 30_000): Promise<TreeRow> {
    return this.waitFor(
      `row ${String(label)} in view "${view}"`,
      async () => {
        const rows = await this.treeRows(view);
        const row = rows.find((r) => (typeof label === 'string' ? r.label === label : label.test(r.label)));
        if (!row) throw new Error(`rows: ${rows.map((r) => r.label).join(' | ') || '(none)'}`);
        return row;
      },
      timeoutMs,
    );
  }

  /** Clicks the row LABEL in VIEW (runs its command, if it has one). */
  async clickTreeRow(view: string, label: string): Promise<void> {
    await this.waitForTreeRow(view, label);
    await this.waitFor(`a click on row "${label}" in "${view}"`, () => this.click(this.treeRow(view, label)));
  }

  /** Expands the row LABEL in VIEW (no-op if it is expanded). */
  async expandRow(view: string, label: string): Promise<void> {
    await this.setRowExpanded(view, label, true);
  }

  /** Collapses the row LABEL in VIEW (no-op if it is collapsed). */
  async collapseRow(view: string, label: string): Promise<void> {
    await this.setRowExpanded(view, label, false);
  }

  /** Right-clicks the row LABEL in VIEW and chooses ITEM (its title, e.g. 'Cancel Queued Job…') from the context menu. */
  async rowContextMenu(view: string, label: string, item: string): Promise<void> {
    const row = this.treeRow(view, label);
    const entry = this.page
      .locator('.context-view .monaco-menu .action-item:not(.disabled) .action-label', { hasText: exact(item) })
      .first();
    await this.waitFor(`"${item}" in the context menu of "${label}" in "${view}"`, async () => {
      if ((await entry.count()) === 0) {
        await this.page.keyboard.press('Escape'); // a menu without the entry (opened too early) closes first
        await row.click({ button: 'right' });
        return false;
      }
      await this.click(entry);
      // A busy page may drop the click on a menu that is still settling: it stays open, and is clicked again.
      return this.page
        .locator('.context-view .monaco-menu')
        .waitFor({ state: 'hidden', timeout: 2_000 })
        .then(
          () => true,
          () => false,
        );
    });
  }

  /** The rows shown under the top-level row LABEL (up to the next top-level row). */
  async childRows(view: string, label: string): Promise<TreeRow[]> {
    const rows = await this.treeRows(view);
    const at = rows.findIndex((r) => r.level === 1 && r.label === label);
    if (at < 0) return [];
    const end = rows.findIndex((r, i) => i > at && r.level === 1);
    return rows.slice(at + 1, end < 0 ? rows.length : end);
  }

  private async setRowExpanded(view: string, label: string, expanded: boolean): Promise<void> {
    const row = this.treeRow(view, label);
    const want = String(expanded);
    await this.waitForTreeRow(view, label);
    await this.waitFor(`row "${label}" in "${view}" to ${expanded ? 'expand' : 'collapse'}`, async () => {
      const state = await row.getAttribute('aria-expanded');
      if (state === null) throw new Error(`"${label}" is a leaf`);
      if (state === want) return true;
      await this.click(row.locator('.monaco-tl-twistie'));
      return (await row.getAttribute('aria-expanded')) === want;
    });
  }

  /** Text of the welcome content a view shows when it has no rows ('' if none). */
  async viewWelcomeText(view: string): Promise<string> {
    const w = this.viewPane(view).locator('.welcome-view-content');
    return (await w.count()) > 0 && (await w.isVisible()) ? (await w.innerText()).trim() : '';
  }

  /** Clicks a view's title-bar action by its label ('Refresh'), looking in pane headers and the merged container title. */
  async clickViewTitleAction(title: string, view?: string): Promise<void> {
    const label = `.action-label[aria-label=${css(title)}], .action-label[aria-label^=${css(`${title} (`)}]`;
    const headers = view
      ? this.viewPane(view).locator('.pane-header .actions')
      : this.page.locator('.part.sidebar .pane-header .actions, .part.panel .pane-header .actions');
    // A container with a single view merges that view's actions into the container's title bar.
    const candidates = [
      headers.locator(label),
      this.page.locator('.part.sidebar .composite.title .title-actions').locator(label),
    ];
    await this.waitFor(`${view ? `"${view}" ` : ''}view title action "${title}"`, async () => {
      for (const c of candidates) {
        for (const a of await c.all()) {
          if ((await a.isVisible()) && (await a.getAttribute('aria-disabled')) !== 'true') return this.click(a);
        }
      }
      return false;
    });
  }

  /** Notifications showing as toasts or in the notification centre. */
  async readNotifications(): Promise<Notification[]> {
    const all = await this.page
      .locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item')
      .evaluateAll((items) =>
        items.map((n) => ({
          message: n.querySelector('.notification-list-item-message')?.textContent ?? '',
          source: n.querySelector('.notification-list-item-source')?.textContent ?? '',
          severity: (n.querySelector('.codicon-error')
            ? 'error'
            : n.querySelector('.codicon-warning')
              ? 'warning'
              : 'info') as 'error' | 'warning' | 'info',
          buttons: [...n.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map(
            (b) => (b as { textContent: string | null }).textContent ?? '',
          ),
        })),
      );
    return all.filter((n, i) => all.findIndex((m) => m.message === n.message && m.source === n.source) === i);
  }

  /** Waits for a notification whose message contains (string) or matches (RegExp) TEXT. */
  async waitForNotification(text: string | RegExp, timeoutMs = 30_000): Promise<Notification> {
    return this.waitFor(
      `a notification ${String(text)}`,
      async () => {
        const all = await this.readNotifications();
        const n = all.find((m) => (typeof text === 'string' ? m.message.includes(text) : text.test(m.message)));
        if (!n) throw new Error(`notifications: ${all.map((m) => m.message).join(' | ') || '(none)'}`);
        return n;
      },
      timeoutMs,
    );
  }

  /** Opens a workspace file through quick open (Ctrl+P) and waits for its editor tab. */
  async openFile(relativePath: string): Promise<void> {
    const name = basename(relativePath);
    await this.openQuickInput('Control+P');
    await this.page.locator(`${QUICK_INPUT} input.input`).fill(relativePath);
    const row = this.page
      .locator(`${QUICK_INPUT} .monaco-list-row`)
      .filter({ has: this.page.locator('.label-name', { hasText: exact(name) }) })
      .first();
    await this.waitFor(`"${relativePath}" in quick open`, async () => (await row.count()) > 0 && this.click(row));
    await this.waitFor(
      `an editor tab for "${name}"`,
      async () =>
        (await this.page.locator('.tabs-container .tab.active .label-name', { hasText: exact(name) }).count()) > 0,
    );
    await this.waitFor(
      `the editor for "${name}" to take focus`,
      async () => (await this.page.locator('.editor-instance .monaco-editor.focused').count()) > 0,
    );
  }

  /** Moves the cursor in the active editor to LINE:COLUMN (1-based) via Ctrl+G. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.openQuickInput('Control+G');
    await this.quickInputAccept(`:${line}:${column}`);
    await this.waitFor('go-to-line to close', async () => !(await this.quickInputVisible()));
  }

  /** Shows the editor hover at LINE:COLUMN and returns its text once it is no longer loading. */
  async hoverText(line: number, column: number, timeoutMs = 30_000): Promise<string> {
    await this.goToLine(line, column);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    return this.waitFor(
      `a hover at ${line}:${column}`,
      async () => {
        if (!(await hover.isVisible())) {
          await this.page.keyboard.press('Control+K');
          await this.page.keyboard.press('Control+I');
          return '';
        }
        const text = (await hover.innerText()).trim();
        return /^Loading/.test(text) ? '' : text;
      },
      timeoutMs,
    );
  }

  /** Rows of the Problems panel (opens it with Ctrl+Shift+M if needed). */
  async problems(): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.waitFor('the Problems panel', () => panel.isVisible());
    }
    return panel.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => ({
        ariaLabel: r.getAttribute('aria-label') ?? '',
        text: (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  /** Texts of the status bar entries as shown (icons are not text). */
  async statusBarItems(): Promise<string[]> {
    return this.page
      .locator('.part.statusbar .statusbar-item')
      .evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText.trim()));
  }
}
