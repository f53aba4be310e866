// "Gearman: Submit Job" (palette, a function row, or the "Submit test job" CodeLens above a
// call in code) and "Gearman: Run Last Job". The common submit is one step: type the payload
// and press Enter, or pick "Run last" (the last server, payload and options of that function).
// A server shown as down is warned about before anything is sent.
import * as vscode from 'vscode';
import type { ServerSnapshot } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { jobHub } from '../jobs';
import type { JobRequest } from '../jobs/jobState';
import type { LastRun } from '../jobs/lastRuns';
import { runBlock, runJob } from '../jobs/runJob';
import { inert } from '../views/labels';
import { describeOptions, pickOptions, type JobOptionsChoice } from './submitOptions';
import { choose, newPicker } from './ask';
import { editorSourceItems, fromEditorSource, isEditorSource, type SourceItem } from './payloadSources';

const TITLE = 'Submit Gearman job';

/** Where a job goes: a server id (or all), its label, and the snapshots whose functions are offered. */
export interface Target {
  serverId: string;
  label: string;
  servers: ServerSnapshot[];
}

/** Where a submit starts: nothing (palette), a tree function row, or a call in code ({ function, serverId?, payload? }). */
interface Start {
  serverId?: string;
  function?: string;
  payload?: string;
}

function startFrom(arg: unknown): Start {
  const a = arg as
    | {
        kind?: string;
        server?: { snapshot?: ServerSnapshot };
        info?: { name?: unknown };
        function?: unknown;
        serverId?: unknown;
        payload?: unknown;
      }
    | undefined;
  if (a?.kind === 'function' && a.server?.snapshot && typeof a.info?.name === 'string')
    return { serverId: a.server.snapshot.id, function: a.info.name };
  if (a && typeof a.function === 'string' && a.function) {
    return {
      function: a.function,
      serverId: typeof a.serverId === 'string' ? a.serverId : undefined,
      payload: typeof a.payload === 'string' ? a.payload : undefined,
    };
  }
  return {};
}

const when = (t: number | undefined) => (t ? new Date(t).toLocaleTimeString() : 'never');

function targetFor(ctx: Ctx, serverId: string): Target | undefined {
  if (serverId === 'all') return { serverId, label: 'all servers', servers: usable(ctx) };
  const s = ctx.store.get(serverId);
  return s ? { serverId: s.id, label: s.name, servers: [s] } : undefined;
}

/** Servers a job may go to: blocked ones (untrusted workspace) are left out, with the reason said when that leaves none. */
function usable(ctx: Ctx): ServerSnapshot[] {
  return ctx.store.list().filter((s) => s.health !== 'blocked');
}

async function pickServer(ctx: Ctx, fn: string | undefined): Promise<Target | undefined> {
  const all = ctx.store.list();
  const servers = usable(ctx);
  if (servers.length === 0) {
    const why = all.find((s) => s.health === 'blocked')?.error;
    void vscode.window.showErrorMessage(
      why
        ? `Gearman: no server can take a job. ${why}`
        : 'Gearman: no server is configured. Add one with "Gearman: Add Server".',
    );
    return undefined;
  }
  if (servers.length === 1) return { serverId: servers[0].id, label: servers[0].name, servers };
  // Live servers first, and among them those where a worker serves the function.
  const rank = (s: ServerSnapshot) =>
    (s.health === 'up' ? 0 : 1) + (fn && !s.functions.some((f) => f.name === fn && f.workers > 0) ? 0.5 : 0);
  const items = [...servers]
    .sort((a, b) => rank(a) - rank(b))
    .map((s) => ({
      label: inert(s.name),
      description:
        s.health === 'up'
          ? s.name === s.id
            ? 'up'
            : `${s.id} · up`
          : `${s.health === 'down' ? 'down' : 'connecting'} · last seen ${when(s.lastSeen)}`,
      detail:
        s.health === 'up'
          ? `${s.functions.length} functions, ${s.workers.length} workers`
          : s.error
            ? inert(s.error, 200)
            : undefined,
      target: { serverId: s.id, label: s.name, servers: [s] },
    }));
  items.push({
    label: 'All servers (failover)',
    description: 'try each in settings order',
    detail: servers.map((s) => inert(s.name)).join(' → '),
    target: { serverId: 'all', label: 'all servers', servers },
  });
  return (
    await choose(items, {
      title: `${TITLE}: server`,
      placeHolder: 'Which job server gets the job?',
    })
  )?.target;
}

/** Asks for a function of the target: a registered one, or any name typed. */
export async function pickFunction(target: Target): Promise<string | undefined> {
  const workers = new Map<string, number>();
  for (const s of target.servers)
    for (const f of s.functions) workers.set(f.name, (workers.get(f.name) ?? 0) + f.workers);
  // Counts from a server that is down are what it said when last seen: say so rather than show them as live.
  const stale = target.servers.find((s) => s.health !== 'up');
  const note = stale ? ` (as of ${when(stale.lastSeen)}: ${stale.name} is down)` : '';
  const known = [...workers]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => ({
      label: inert(name),
      name,
      description: (n === 0 ? 'no worker: the job would wait' : `${n} ${n === 1 ? 'worker' : 'workers'}`) + note,
    }));
  const qp = newPicker<{ label: string; name: string; description?: string }>();
  qp.title = `${TITLE}: function on ${target.label}`;
  qp.placeholder = 'Pick a function, or type any function name';
  qp.items = known;
  qp.onDidChangeValue((v) => {
    const typed = v.trim();
    qp.items =
      typed && !workers.has(typed)
        ? [{ label: `Use "${inert(typed)}"`, name: typed, description: 'not registered by any worker now' }, ...known]
        : known;
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.name ?? (qp.value.trim() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Asks before sending to a server the tree shows as down; false to stop. */
async function okToSend(ctx: Ctx, target: Target): Promise<Target | undefined> {
  const down = target.servers.filter((s) => s.health === 'down');
  if (down.length === 0 || down.length < target.servers.length) return target;
  const s = down[0];
  const others = usable(ctx).filter((x) => x.health === 'up');
  const anyway = 'Submit Anyway';
  const another = 'Pick Another Server';
  const pick = await vscode.window.showWarningMessage(
    `Gearman: ${s.name} is down (last seen ${when(s.lastSeen)}).`,
    {
      modal: true,
      detail: `${s.error ?? 'It did not answer its last poll.'}\n\nThe submit will fail after gearman.jobs.acceptTimeout unless the server is back by then.`,
    },
    ...(others.length ? [another] : []),
    anyway,
  );
  if (pick === anyway) return target;
  if (pick === another) {
    const items = others.map((o) => ({
      label: inert(o.name),
      description: o.id,
      target: { serverId: o.id, label: o.name, servers: [o] },
    }));
    return (await choose(items, { title: `${TITLE}: a live server` }))?.target;
  }
  return undefined;
}

type Payload = { base64: string } | { file: string } | { block: { uri: string; line: number } } | { last: LastRun };
type PayloadItem = SourceItem;

const preview = (text: string) => inert(text.replace(/\n/g, '\\n'), 60);

/** While the box holds text, Enter sends that text and nothing else is offered (clear the box to pick). */
function setTyped(qp: vscode.QuickPick<PayloadItem>, value: string, base: PayloadItem[]): void {
  if (qp.value !== value) qp.value = value;
  const text = value.replace(/\\n/g, '\n');
  qp.items = value
    ? [
        {
          id: 'typed',
          label: `Send ${JSON.stringify(preview(text))}`,
          description: `${Buffer.byteLength(text)} bytes · clear the box to pick another source`,
          alwaysShow: true,
        },
      ]
    : base;
}

/** One box: typed text is the payload (Enter sends); or Run last, the options, and the other sources. */
async function pickPayload(
  fn: string,
  target: Target,
  options: JobOptionsChoice,
  last: LastRun | undefined,
  literal: string | undefined,
): Promise<{ payload: Payload; options: JobOptionsChoice } | undefined> {
  const ed = vscode.window.activeTextEditor;
  for (;;) {
    const base: PayloadItem[] = [];
    if (last) {
      const text = Buffer.from(last.request.payload, 'base64').toString('utf8');
      base.push({
        id: 'last',
        label: '$(history) Run last',
        description: `${preview(text) || '(empty)'} · ${describeOptions(last.request)}`,
        detail: `on ${inert(last.target)}, ${new Date(last.at).toLocaleString()}`,
      });
    }
    if (literal !== undefined)
      base.push({
        id: 'literal',
        label: `Send ${JSON.stringify(preview(literal))}`,
        description: 'the payload written in the code',
      });
    base.push({
      id: 'options',
      label: `$(settings-gear) Options: ${describeOptions(options)}`,
      description: 'change before sending',
    });
    base.push({ id: 'empty', label: 'Empty payload', description: 'send 0 bytes' });
    base.push(...editorSourceItems(ed, { block: 'with its own server and options' }));

    const qp = newPicker<PayloadItem>();
    qp.title = `${TITLE}: ${inert(fn)} on ${inert(target.label)}`;
    qp.placeholder = 'Type the payload and press Enter (\\n for a newline), or pick from the list';
    qp.items = base;
    // The payload written in the code is the starting text (editable) when the box can show it exactly.
    if (literal !== undefined && literal !== '' && !literal.includes('\\'))
      setTyped(qp, literal.replace(/\n/g, '\\n'), base);
    qp.onDidChangeValue((v) => setTyped(qp, v, base));
    const chosen = await new Promise<{ id: string; value: string } | undefined>((resolve) => {
      qp.onDidAccept(() => {
        // Typed text wins even when Enter beat the list update; an empty box never sends 0 bytes by itself.
        const item = qp.value ? { id: 'typed' } : (qp.selectedItems[0] ?? qp.activeItems[0]);
        if (!item) return;
        resolve({ id: item.id, value: qp.value });
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
    if (!chosen) return undefined;
    const text = (t: string) => ({ payload: { base64: Buffer.from(t, 'utf8').toString('base64') }, options });
    switch (chosen.id) {
      case 'typed':
        return text(chosen.value.replace(/\\n/g, '\n'));
      case 'last':
        return { payload: { last: last! }, options };
      case 'literal':
        return text(literal ?? '');
      case 'empty':
        return text('');
      case 'options': {
        const changed = await pickOptions(fn, target.label, options);
        if (changed) options = changed;
        continue;
      }
    }
    if (!isEditorSource(chosen.id)) return undefined;
    const got = await fromEditorSource(chosen.id, ed, `${TITLE}: payload file`);
    if (!got) return undefined;
    return 'text' in got ? text(got.text) : { payload: got, options };
  }
}

/** The command: palette (no argument), a function row of the Servers tree, or a call in code. */
export async function submitJob(ctx: Ctx, arg?: unknown): Promise<void> {
  const start = startFrom(arg);
  let target = start.serverId ? targetFor(ctx, start.serverId) : undefined;
  target ??= await pickServer(ctx, start.function);
  if (!target) return;
  const fn = start.function ?? (await pickFunction(target));
  if (!fn) return;
  target = await okToSend(ctx, target);
  if (!target) return;
  const last = jobHub(ctx).lastRuns.get(fn);
  const options: JobOptionsChoice = last
    ? {
        priority: last.request.priority ?? 'normal',
        background: !!last.request.background,
        unique: last.request.unique,
        epoch: last.request.epoch,
        timeoutSec: last.request.timeoutSec,
      }
    : { priority: 'normal', background: false };
  const picked = await pickPayload(fn, target, options, last, start.payload);
  if (!picked) return;
  const p = picked.payload;
  if ('block' in p) return runBlock(ctx, p.block.uri, p.block.line);
  if ('last' in p) {
    await runJob(ctx, p.last.request, p.last.target);
    return;
  }
  const request: JobRequest = {
    serverId: target.serverId,
    function: fn,
    ...('file' in p ? { payloadFile: p.file } : { payload: p.base64 }),
    ...picked.options,
  };
  await jobHub(ctx).lastRuns.remember(request, target.label);
  await runJob(ctx, request, target.label);
}

/** "Gearman: Run Last Job": the most recent submit again, as it was. */
export async function runLast(ctx: Ctx): Promise<void> {
  const last = jobHub(ctx).lastRuns.latest();
  if (!last) {
    void vscode.window.showInformationMessage(
      'Gearman: nothing has been submitted in this workspace yet. Use "Gearman: Submit Job" first.',
    );
    return;
  }
  const target = last.request.serverId ? targetFor(ctx, last.request.serverId) : undefined;
  if (target && !(await okToSend(ctx, target))) return;
  await runJob(ctx, last.request, last.target);
}

/** The "Submit" CodeLens of a `.gearman` block: the server reads, checks and submits the block. */
export async function submitJobBlock(ctx: Ctx, arg: unknown): Promise<void> {
  const a = arg as { uri?: unknown; line?: unknown; repeat?: unknown } | undefined;
  if (typeof a?.uri !== 'string' || typeof a.line !== 'number') return;
  await runBlock(ctx, a.uri, a.line, typeof a.repeat === 'number' ? a.repeat : undefined);
}
