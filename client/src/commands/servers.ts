// Add / Edit / Remove server: a multi-step input that checks host and port, asks for TLS
// settings, TESTS the connection through the language server, then saves to user or
// workspace settings. A key passphrase goes to SecretStorage, never to settings.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { passphraseKey } from '../secrets';
import { inert } from '../views/labels';
import { confirm, serverLabel } from './confirm';
import { targets } from './admin';
import { entryId, readEntries, writeEntries, type ServerEntry } from './serverSettings';
import { askText, choose } from './ask';

/** Parses `host`, `host:port` or `[v6]:port`; returns an error message when invalid. */
export function parseHostPort(input: string): ServerEntry | string {
  const s = input.trim();
  const m = /^(?:\[([^\]]+)\]|([^\s:/[\]]+))(?::(\d{1,5}))?$/.exec(s);
  if (!m) return 'Enter a host and optional port, like 10.0.0.5:4730 or [::1]:4730.';
  const host = m[1] ?? m[2];
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'The port must be from 1 to 65535.';
  return { host, port };
}

type Scope = 'user' | 'workspace';

async function input(title: string, step: string, opts: vscode.InputBoxOptions): Promise<string | undefined> {
  return askText({ ...opts, title: `${title} (${step})` });
}

const fileCheck = (optional: boolean) => (v: string) => {
  if (!v.trim()) return optional ? undefined : 'Enter the path of the file.';
  return existsSync(v.trim()) ? undefined : `No file at ${v.trim()}; enter an absolute path.`;
};

/** Asks for every field of an entry (prefilled from `old`); undefined when the user cancels. */
async function askEntry(
  title: string,
  old?: ServerEntry,
  oldPass?: string,
): Promise<{ entry: ServerEntry; passphrase?: string } | undefined> {
  const hp = await input(title, 'host and port', {
    prompt: 'Host and port of gearmand',
    placeHolder: 'localhost:4730',
    value: old ? entryId(old) : '',
    validateInput: (v) => {
      const r = parseHostPort(v);
      return typeof r === 'string' ? r : undefined;
    },
  });
  if (hp === undefined) return undefined;
  const entry = parseHostPort(hp) as ServerEntry;
  const name = await input(title, 'name', { prompt: 'Name shown in the explorer (optional)', value: old?.name ?? '' });
  if (name === undefined) return undefined;
  if (name.trim()) entry.name = name.trim();
  const oldTls = old?.tls;
  const mode = await choose(
    [
      { label: 'No TLS', mode: 'none', picked: !oldTls },
      { label: 'TLS, verify the certificate against the system CAs', mode: 'system', picked: oldTls === true },
      {
        label: 'TLS with options…',
        description: 'CA file, client certificate and key, servername, verification',
        mode: 'options',
        picked: typeof oldTls === 'object',
      },
    ],
    { title: `${title} (TLS)` },
  );
  if (!mode) return undefined;
  if (mode.mode === 'system') entry.tls = true;
  let passphrase: string | undefined;
  if (mode.mode === 'options') {
    const o: protocol.TlsConfig = typeof oldTls === 'object' ? oldTls : {};
    const tls: protocol.TlsConfig = {};
    const ca = await input(title, 'CA file', {
      prompt: 'PEM file of CA certificates to trust (empty: the system CAs)',
      value: o.caFile ?? '',
      validateInput: fileCheck(true),
    });
    if (ca === undefined) return undefined;
    if (ca.trim()) tls.caFile = ca.trim();
    const cert = await input(title, 'client certificate', {
      prompt: 'PEM client certificate, if the server asks for one (optional)',
      value: o.certFile ?? '',
      validateInput: fileCheck(true),
    });
    if (cert === undefined) return undefined;
    if (cert.trim()) {
      tls.certFile = cert.trim();
      const key = await input(title, 'client key', {
        prompt: 'PEM private key of the client certificate',
        value: o.keyFile ?? '',
        validateInput: fileCheck(false),
      });
      if (key === undefined) return undefined;
      tls.keyFile = key.trim();
      const pass = await input(title, 'key passphrase', {
        prompt: "Passphrase of the key (empty if none). Kept in the editor's secret storage, never in settings.",
        password: true,
        value: oldPass ?? '',
      });
      if (pass === undefined) return undefined;
      passphrase = pass || undefined;
    }
    const sn = await input(title, 'servername', {
      prompt: 'Name to check the certificate against, when it differs from the host (optional)',
      value: o.servername ?? '',
    });
    if (sn === undefined) return undefined;
    if (sn.trim()) tls.servername = sn.trim();
    const verify = await choose(
      [
        { label: 'Verify the server certificate', description: 'recommended', insecure: false },
        {
          label: '$(warning) Do not verify the certificate (insecure)',
          description: 'anyone on the network path can read and change jobs',
          insecure: true,
        },
      ],
      { title: `${title} (verification)` },
    );
    if (!verify) return undefined;
    if (verify.insecure) tls.insecureSkipVerify = true;
    entry.tls = tls;
  }
  return { entry, passphrase };
}

/** Tests the entry; resolves 'save', 'again' or undefined (cancel). */
async function test(
  ctx: Ctx,
  title: string,
  entry: ServerEntry,
  passphrase?: string,
): Promise<'save' | 'again' | undefined> {
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Gearman: testing ${entryId(entry)}…` },
    () =>
      ctx.client.sendRequest(protocol.testConnection, {
        host: entry.host,
        port: entry.port ?? 4730,
        tls: entry.tls,
        ...ctx.passphrases.sealed(passphrase),
      }),
  );
  ctx.log.info(`Test connection to ${entryId(entry)}: ${r.ok ? 'OK' : 'failed'}: ${r.message}`);
  if (r.ok) {
    const go = await vscode.window.showInformationMessage(
      `Gearman: ${entryId(entry)} answered: ${inert(r.message, 200)}. Save it?`,
      { modal: true },
      'Save',
    );
    return go ? 'save' : undefined;
  }
  const choice = await choose(
    [
      { label: '$(edit) Change the settings', value: 'again' as const },
      { label: '$(save) Save anyway', description: 'the server may be down only for now', value: 'save' as const },
    ],
    { title: `${title}: the test failed: ${r.message}` },
  );
  return choice?.value;
}

async function savePassphrase(ctx: Ctx, id: string, passphrase: string | undefined): Promise<void> {
  await ctx.passphrases.store(ctx.client, id, passphrase);
}

/** Adds a server: asks, tests, then saves where the user picks. */
export async function addServer(ctx: Ctx): Promise<void> {
  const title = 'Add Gearman server';
  let prev: { entry: ServerEntry; passphrase?: string } | undefined;
  for (;;) {
    const got = await askEntry(title, prev?.entry, prev?.passphrase);
    if (!got) return;
    const t = await test(ctx, title, got.entry, got.passphrase);
    if (t === undefined) return;
    prev = got;
    if (t === 'again') continue;
    break;
  }
  const scope: Scope | undefined = vscode.workspace.workspaceFolders?.length
    ? (
        await choose(
          [
            { label: 'User settings', description: 'every workspace', scope: 'user' as const },
            {
              label: 'Workspace settings',
              description: 'this workspace only (needs workspace trust to connect)',
              scope: 'workspace' as const,
            },
          ],
          { title: `${title}: save to` },
        )
      )?.scope
    : 'user';
  if (!scope) return;
  const list = readEntries(scope);
  const id = entryId(prev.entry);
  // User and workspace lists are shown together, the user entry winning: a duplicate would never show.
  const where = (['user', 'workspace'] as const).find((sc) => readEntries(sc).some((e) => entryId(e) === id));
  if (where) {
    void vscode.window.showErrorMessage(
      `Gearman: ${id} is already in your ${where} settings; use Edit Server to change it.`,
    );
    return;
  }
  await writeEntries(scope, [...list, prev.entry]);
  await savePassphrase(ctx, id, prev.passphrase);
  ctx.log.info(`Added server ${id} to ${scope} settings${prev.entry.tls ? ' (TLS)' : ''}`);
  if (scope === 'workspace' && !vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      `Gearman: ${id} was saved in this workspace's settings, which are not trusted: it shows as blocked and is not contacted until you trust the workspace. Save it in your user settings to use it now.`,
    );
  }
}

function serverOf(ctx: Ctx, node: unknown, selected: unknown): protocol.ServerSnapshot | undefined {
  const n = targets(ctx, node, selected)[0];
  return n?.kind === 'server' ? n.snapshot : undefined;
}

/** Edits a configured server in the settings it came from. */
export async function editServer(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const s = serverOf(ctx, node, selected);
  if (!s || s.source === 'default') {
    void vscode.window.showInformationMessage(
      'Gearman: select a server from your settings in the Servers view (the default localhost:4730 is not in settings: use Add Server).',
    );
    return;
  }
  const scope: Scope = s.source;
  const list = readEntries(scope);
  const index = list.findIndex((e) => entryId(e) === s.id);
  if (index < 0) {
    void vscode.window.showErrorMessage(`Gearman: ${s.id} is not in your ${scope} settings any more.`);
    return;
  }
  const title = `Edit Gearman server ${serverLabel(s)}`;
  let got: { entry: ServerEntry; passphrase?: string } | undefined = {
    entry: list[index],
    passphrase: await ctx.extension.secrets.get(passphraseKey(s.id)),
  };
  for (;;) {
    got = await askEntry(title, got.entry, got.passphrase);
    if (!got) return;
    const t = await test(ctx, title, got.entry, got.passphrase);
    if (t === undefined) return;
    if (t === 'save') break;
  }
  const id = entryId(got.entry);
  if (id !== s.id && list.some((e, i) => i !== index && entryId(e) === id)) {
    void vscode.window.showErrorMessage(`Gearman: ${id} is already in your ${scope} settings.`);
    return;
  }
  const next = [...list];
  next[index] = got.entry;
  await writeEntries(scope, next);
  if (id !== s.id) await savePassphrase(ctx, s.id, undefined);
  await savePassphrase(ctx, id, got.passphrase);
  ctx.log.info(`Edited server ${s.id}${id !== s.id ? ` (now ${id})` : ''} in ${scope} settings`);
}

/** Removes a configured server after a modal confirmation. */
export async function removeServer(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const s = serverOf(ctx, node, selected);
  if (!s || s.source === 'default') {
    void vscode.window.showInformationMessage('Gearman: select a server from your settings in the Servers view.');
    return;
  }
  const scope: Scope = s.source;
  if (
    !(await confirm(
      `Remove ${serverLabel(s)} from your ${scope} settings?`,
      'The server itself is not changed; Gearman stops watching it.',
      'Remove Server',
    ))
  )
    return;
  const list = readEntries(scope);
  await writeEntries(
    scope,
    list.filter((e) => entryId(e) !== s.id),
  );
  await savePassphrase(ctx, s.id, undefined);
  ctx.log.info(`Removed server ${s.id} from ${scope} settings`);
}
