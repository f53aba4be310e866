// "Gearman: Load Test Function": from the palette, a function row's context menu, or a
// `.gearman` block's lens. Quick picks for the servers, the function, the payload and the
// run's options; the language server asks the user to confirm (naming server, function and job
// count), refuses readOnly servers, runs the test and reports progress to the panel.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { LoadTestPanel, describeRun, type LoadTestHost } from '../panels/loadTestPanel';
import { inert } from '../views/labels';
import { pickLoadOptions, pickLoadPayload } from './loadTestOptions';
import { pickFunction } from './submitJob';
import { choose } from './ask';

/** Finished runs kept for "compare" and "run again", per workspace. */
export const HISTORY_KEY = 'gearman.loadTests';
const HISTORY_SIZE = 20;

function host(ctx: Ctx): LoadTestHost {
  return {
    earlier: (fn, except) => history(ctx).filter((r) => r.request.function === fn && r.runId !== except),
    rerun: (request) => {
      if (request.payload === undefined)
        throw new Error(
          `The payload of that run (${request.payloadSize} bytes) was too large to keep; start a new load test.`,
        );
      const { serverLabels: _labels, payloadSize: _size, ...rest } = request;
      return start(
        ctx,
        { ...rest, function: request.function, payload: request.payload },
        request.serverLabels.join(', '),
      );
    },
  };
}

/** Finished runs, newest first. */
export function history(ctx: Ctx): protocol.LoadTestResult[] {
  return ctx.extension.workspaceState.get<protocol.LoadTestResult[]>(HISTORY_KEY, []);
}

/** Routes the server's load-test progress to the run's panel and keeps finished runs (started with the language client). */
export function listenLoadTests(ctx: Ctx): vscode.Disposable {
  return ctx.client.onNotification(protocol.loadTestProgress, (p) => {
    const panel = LoadTestPanel.get(p.runId);
    if (p.final) void remember(ctx, p.final);
    if (!panel) return;
    if (p.final) panel.finished(p.final);
    else panel.progress(p);
  });
}

async function remember(ctx: Ctx, r: protocol.LoadTestResult): Promise<void> {
  const rest = history(ctx).filter((x) => x.runId !== r.runId);
  await ctx.extension.workspaceState.update(HISTORY_KEY, [r, ...rest].slice(0, HISTORY_SIZE));
}

/** Starts a run through the language server and shows its panel. */
async function start(ctx: Ctx, params: protocol.LoadTestParams, target: string): Promise<void> {
  const runId = randomUUID();
  const panel = LoadTestPanel.for(ctx, host(ctx), runId, params.function ?? 'job file block', target);
  try {
    await ctx.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.loadTest',
      arguments: [{ ...params, runId }],
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    panel.failed(message);
    ctx.log.warn(`Load test of ${params.function ?? 'a job file block'}: ${message}`);
    void vscode.window.showErrorMessage(`Gearman: ${message}`);
  }
}

/** A Servers-tree function row, as its context menu passes it. */
function functionRow(arg: unknown): { server: protocol.ServerSnapshot; name: string } | undefined {
  const a = arg as
    { kind?: string; server?: { snapshot?: protocol.ServerSnapshot }; info?: { name?: string } } | undefined;
  return a?.kind === 'function' && a.server?.snapshot && typeof a.info?.name === 'string'
    ? { server: a.server.snapshot, name: a.info.name }
    : undefined;
}

async function pickServers(ctx: Ctx): Promise<protocol.ServerSnapshot[] | undefined> {
  const servers = ctx.store.list();
  if (servers.length === 0) {
    void vscode.window.showErrorMessage('Gearman: no server is configured. Add one with "Gearman: Add Server".');
    return undefined;
  }
  if (servers.length === 1) return servers;
  const items = servers.map((s) => ({
    label: inert(s.name),
    description: [s.name === s.id ? '' : s.id, s.health, s.readOnly ? 'read-only: refuses load tests' : '']
      .filter(Boolean)
      .join(' · '),
    picked: false,
    server: s,
  }));
  const chosen = await choose(items, {
    title: 'Load test: servers',
    placeHolder: 'Jobs are spread over the servers you pick, one connection each',
    canPickMany: true,
  });
  return chosen?.length ? chosen.map((c) => c.server) : undefined;
}

/** The command: palette (no argument), a function row, or `{ uri, line }` of a `.gearman` block. */
export async function loadTest(ctx: Ctx, arg?: unknown): Promise<void> {
  const a = arg as { uri?: unknown; line?: unknown } | undefined;
  if (typeof a?.uri === 'string' && typeof a.line === 'number') {
    const options = await pickLoadOptions('the job file block', 'its server');
    if (options) await start(ctx, { ...options, block: { uri: a.uri, line: a.line } }, "the block's server");
    return;
  }
  const row = functionRow(arg);
  const servers = row ? [row.server] : await pickServers(ctx);
  if (!servers) return;
  const label = servers.map((s) => s.name).join(', ');
  const fn = row?.name ?? (await pickFunction({ serverId: servers[0].id, label, servers }));
  if (!fn) return;
  const payload = await pickLoadPayload(fn);
  if (!payload) return;
  const options = await pickLoadOptions(fn, label);
  if (!options) return;
  const ids = servers.map((s) => s.id);
  if ('block' in payload) return start(ctx, { ...options, servers: ids, block: payload.block }, label);
  await start(ctx, { ...options, servers: ids, function: fn, ...payload }, label);
}

/** "Gearman: Load Test History": pick an earlier run to open (with Run Again and compare there). */
export async function loadTestHistory(ctx: Ctx): Promise<void> {
  const runs = history(ctx);
  if (!runs.length) {
    void vscode.window.showInformationMessage(
      'Gearman: no load test has run in this workspace yet. Run "Gearman: Load Test Function".',
    );
    return;
  }
  const pick = await choose(
    runs.map((r) => ({
      label: inert(r.request.function),
      description: r.request.serverLabels.join(', '),
      detail: describeRun(r),
      r,
    })),
    { title: 'Load tests', matchOnDetail: true },
  );
  if (!pick) return;
  const panel = LoadTestPanel.for(
    ctx,
    host(ctx),
    pick.r.runId,
    pick.r.request.function,
    pick.r.request.serverLabels.join(', '),
  );
  panel.finished(pick.r);
  panel.reveal();
}
