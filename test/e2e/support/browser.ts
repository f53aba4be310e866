// Opens code-server's workbench in headless Debian Chromium through playwright-core
// (not `playwright`, whose install downloads a browser of its own).
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeServer } from './codeServer';
import { Workbench } from './workbench';

/** Debian's Chromium; scripts/setup.sh installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium off the network and working as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Options for openWorkbench. */
export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** How long to wait for the workbench and its extension host (default 120 s). */
  timeoutMs?: number;
}

/** A browser window showing the workbench. */
export interface WorkbenchSession {
  context: BrowserContext;
  page: Page;
  workbench: Workbench;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile, opens the server's workbench and waits until it and its extension host are up. */
export async function openWorkbench(server: CodeServer, opts: BrowserOptions = {}): Promise<WorkbenchSession> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const profile = mkdtempSync(join(tmpdir(), 'gearman-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    // Chromium writes crash reports and dconf state under these; keep them in the throw-away profile.
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'xdg-config'), XDG_CACHE_HOME: join(profile, 'xdg-cache') },
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const workbench = new Workbench(page);
    const hostsBefore = server.extensionHostsStarted();
    await page.goto(server.url, { timeout: timeoutMs });
    await workbench.waitFor(
      'the workbench to render',
      async () => (await page.locator('.monaco-workbench .part.activitybar').count()) > 0,
      timeoutMs,
    );
    await workbench.waitFor(
      `the extension host to start (logs in ${server.userDataDir}/logs)`,
      () => server.extensionHostsStarted() > hostsBefore,
      timeoutMs,
    );
    return { context, page, workbench, close };
  } catch (e) {
    await close();
    throw e;
  }
}
