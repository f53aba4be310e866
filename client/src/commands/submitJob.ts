// "Gearman: Submit Job": quick picks for the server, the function, the payload and the
// options, then runJob. Also the CodeLens command that submits a `.gearman` block.
import * as vscode from 'vscode';
import type { ServerSnapshot } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import type { JobRequest } from '../jobs/jobState';
import { runBlock, runJob } from '../jobs/runJob';
import { inert } from '../views/labels';
import { pickOptions } from './submitOptions';

const TITLE = 'Submit Gearman job';

interface Target { serverId: string; label: string; servers: ServerSnapshot[] }

/** A Servers-tree function row, as passed by its context menu. */
function functionArg(arg: unknown): { server: ServerSnapshot; name: string } | undefined {
  const a = arg as { kind?: string; server?: { snapshot?: ServerSnapshot }; info?: { name?: string } } | undefined;
  return a?.kind === 'function' && a.server?.snapshot && typeof a.info?.name === 'string' ? { server: a.server.snapshot, name: a.info.name } : undefined;
}

async function pickServer(ctx: Ctx): Promise<Target | undefined> {
  const servers = ctx.store.list();
  if (servers.length === 0) {
    void vscode.window.showErrorMessage('Gearman: no server is configured. Add one with "Gearman: Add Server".');
    return undefined;
  }
  if (servers.length === 1) return { serverId: servers[0].id, label: servers[0].name, servers };
  const items = servers.map((s) => ({
    label: inert(s.name), description: s.name === s.id ? s.health : `${s.id} · ${s.health}`,
    detail: s.health === 'up' ? `${s.functions.length} functions, ${s.workers.length} workers` : s.error, target: { serverId: s.id, label: s.name, servers: [s] },
  }));
  items.push({ label: 'All servers (failover)', description: 'try each in settings order', detail: servers.map((s) => s.name).join(' → '), target: { serverId: 'all', label: 'all servers', servers } });
  return (await vscode.window.showQuickPick(items, { title: `${TITLE}: server`, placeHolder: 'Which job server gets the job?' }))?.target;
}

async function pickFunction(target: Target): Promise<string | undefined> {
  const workers = new Map<string, number>();
  for (const s of target.servers) for (const f of s.functions) workers.set(f.name, (workers.get(f.name) ?? 0) + f.workers);
  const known = [...workers].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => ({
    label: inert(name), name, description: n === 0 ? 'no worker: the job would wait' : `${n} ${n === 1 ? 'worker' : 'workers'}`,
  }));
  const qp = vscode.window.createQuickPick<{ label: string; name: string; description?: string }>();
  qp.title = `${TITLE}: function on ${target.label}`;
  qp.placeholder = 'Pick a function, or type any function name';
  qp.items = known;
  qp.onDidChangeValue((v) => {
    const typed = v.trim();
    qp.items = typed && !workers.has(typed) ? [{ label: `Use "${typed}"`, name: typed, description: 'not registered by any worker now' }, ...known] : known;
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.name ?? (qp.value.trim() || undefined)); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
    qp.show();
  });
}

type Payload = { bytes: Buffer } | { block: { uri: string; line: number } };

async function pickPayload(): Promise<Payload | undefined> {
  const ed = vscode.window.activeTextEditor;
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = [{ id: 'type', label: 'Type it', description: 'a single line; \\n for a newline' }, { id: 'empty', label: 'Empty payload' }];
  if (ed && !ed.selection.isEmpty) items.push({ id: 'selection', label: 'Editor selection', description: `${ed.document.getText(ed.selection).length} characters` });
  if (ed) items.push({ id: 'file', label: 'Active file', description: vscode.workspace.asRelativePath(ed.document.uri) });
  items.push({ id: 'pick', label: 'Pick a file…' });
  if (ed?.document.languageId === 'gearman') items.push({ id: 'block', label: 'The .gearman block at the cursor', description: 'with its own server and options' });
  const pick = await vscode.window.showQuickPick(items, { title: `${TITLE}: payload` });
  switch (pick?.id) {
    case 'type': {
      const v = await vscode.window.showInputBox({ title: `${TITLE}: payload`, prompt: 'The payload to send (\\n is a newline)', placeHolder: 'hello' });
      return v === undefined ? undefined : { bytes: Buffer.from(v.replace(/\\n/g, '\n'), 'utf8') };
    }
    case 'empty': return { bytes: Buffer.alloc(0) };
    case 'selection': return ed ? { bytes: Buffer.from(ed.document.getText(ed.selection), 'utf8') } : undefined;
    case 'file': return ed ? { bytes: Buffer.from(ed.document.getText(), 'utf8') } : undefined;
    case 'pick': {
      const uris = await vscode.window.showOpenDialog({ title: `${TITLE}: payload file`, canSelectMany: false });
      return uris?.[0] ? { bytes: Buffer.from(await vscode.workspace.fs.readFile(uris[0])) } : undefined;
    }
    case 'block': return ed ? { block: { uri: ed.document.uri.toString(), line: ed.selection.active.line } } : undefined;
    default: return undefined;
  }
}

/** The command: palette (no argument) or a function row of the Servers tree. */
export async function submitJob(ctx: Ctx, arg?: unknown): Promise<void> {
  const fromTree = functionArg(arg);
  const target = fromTree ? { serverId: fromTree.server.id, label: fromTree.server.name, servers: [fromTree.server] } : await pickServer(ctx);
  if (!target) return;
  const fn = fromTree?.name ?? (await pickFunction(target));
  if (!fn) return;
  const payload = await pickPayload();
  if (!payload) return;
  if ('block' in payload) return runBlock(ctx, payload.block.uri, payload.block.line);
  const options = await pickOptions(fn, target.label);
  if (!options) return;
  const request: JobRequest = { serverId: target.serverId, function: fn, payload: payload.bytes.toString('base64'), ...options };
  await runJob(ctx, request, target.label);
}

/** The "Submit" CodeLens of a `.gearman` block: the server reads, checks and submits the block. */
export async function submitJobBlock(ctx: Ctx, arg: unknown): Promise<void> {
  const a = arg as { uri?: unknown; line?: unknown; repeat?: unknown } | undefined;
  if (typeof a?.uri !== 'string' || typeof a.line !== 'number') return;
  await runBlock(ctx, a.uri, a.line, typeof a.repeat === 'number' ? a.repeat : undefined);
}
