// A repository's hostile `.gearman` file in the real VS Code (code-server + Chromium) with the
// packaged extension: clicking "▶ Submit" on a block that names an unconfigured address, or a
// file outside the workspace, opens a modal naming them, and Cancel sends nothing; in
// Restricted Mode the same click is refused without a question, and the Problems panel said so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';
import { startGearmand, type GearmandHandle } from '../support/gearmand';

/** A socket that records what reaches it: where a stolen file would land. */
async function startTrap(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Reads the modal dialog, clicks `button`, and returns message and detail. */
async function answerDialog(wb: Workbench, button: string | RegExp): Promise<string> {
  const dialog = wb.page.locator('.monaco-dialog-box');
  await wb.waitFor('a modal dialog', () => dialog.isVisible(), 60_000);
  const message = ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim();
  const detail = (
    (await dialog
      .locator('.dialog-message-detail')
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
  await wb.waitFor('the dialog to close', async () => !(await dialog.isVisible()));
  return `${message}\n${detail}`;
}

async function clickSubmitLens(session: WorkbenchSession, file: string): Promise<void> {
  const wb = session.workbench;
  await wb.openFile(file);
  const lens = session.page.locator('.contentWidgets .codelens-decoration a', { hasText: /^▶ Submit$/ }).first();
  await wb.waitFor(`the "▶ Submit" CodeLens of ${file}`, async () => (await lens.count()) > 0, 60_000);
  await lens.click();
}

function workspaceWith(tmp: string, trapPort: number): string {
  const ws = join(tmp, 'repo');
  mkdirSync(ws);
  writeFileSync(join(tmp, 'secret.txt'), 'the secret an attacker wants');
  writeFileSync(
    join(ws, 'adhoc.gearman'),
    `### looks harmless\nSUBMIT resize_image\nserver: 127.0.0.1:${trapPort}\n\nhello\n`,
  );
  writeFileSync(
    join(ws, 'outside.gearman'),
    `### also looks harmless\nSUBMIT resize_image\nserver: local\n\n@${join(tmp, 'secret.txt')}\n`,
  );
  return ws;
}

describe('a hostile job file in a trusted workspace', () => {
  let tmp: string;
  let gd: GearmandHandle;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-jobtrust-'));
    gd = await startGearmand();
    trap = await startTrap();
    server = await startCodeServer({
      workspace: workspaceWith(tmp, trap.port),
      copyWorkspace: false,
      userSettings: {
        'gearman.servers': [{ name: 'local', host: '127.0.0.1', port: gd.port }],
        'gearman.refreshInterval': 1,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await server.waitForActivation();
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await trap?.close();
    await gd?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('asks before sending to an address nobody configured, naming it; Cancel sends nothing', async () => {
    await clickSubmitLens(session, 'adhoc.gearman');
    const text = await answerDialog(wb, 'Cancel');
    expect(text).toContain(
      `Gearman: Send to 127.0.0.1:${trap.port}? It is not one of your configured Gearman servers.`,
    );
    expect(text).toContain(`The job file adhoc.gearman names 127.0.0.1:${trap.port}.`);
    await wb.waitForNotification(
      new RegExp(
        `Not sent: 127\\.0\\.0\\.1:${trap.port} is not a configured server and sending to it was not confirmed`,
      ),
    );
    await wb.screenshot('jobfile-adhoc-declined');
    expect(trap.connections()).toBe(0);
  });

  it('asks before reading a file outside the workspace, naming the file and the server; Cancel reads nothing', async () => {
    await clickSubmitLens(session, 'outside.gearman');
    const text = await answerDialog(wb, 'Cancel');
    expect(text).toContain(`Gearman: Read ${join(tmp, 'secret.txt')} and send it to local?`);
    expect(text).toContain('outside the workspace folders');
    await wb.waitForNotification(/secret\.txt is outside the workspace folders and reading it was not confirmed/);
  });
});

describe('a hostile job file in Restricted Mode', () => {
  let tmp: string;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-jobrestricted-'));
    trap = await startTrap();
    server = await startCodeServer({
      workspace: workspaceWith(tmp, trap.port),
      copyWorkspace: false,
      workspaceTrust: true,
      userSettings: { 'gearman.refreshInterval': 1 },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await trap?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses the click without a question, and the Problems panel says why first', async () => {
    // A fresh profile asks whether to trust the folder: say no.
    await answerDialog(wb, /No|Don't Trust/);
    await server.waitForActivation();
    await clickSubmitLens(session, 'adhoc.gearman');
    await wb.waitForNotification(/this workspace is not trusted: nothing is sent to an address a repository names/);
    expect(await wb.page.locator('.monaco-dialog-box').isVisible()).toBe(false);
    const problem = await wb.waitFor('the refusal in the Problems panel', async () =>
      (await wb.problems()).find((p) =>
        p.text.includes(`127.0.0.1:${trap.port} is not one of your configured servers`),
      ),
    );
    expect(problem.text).toContain(
      'and this workspace is not trusted: nothing is sent to an address a repository names. Trust the workspace, or add',
    );
    await wb.screenshot('jobfile-restricted-refused');
    expect(trap.connections()).toBe(0);
  });
});
