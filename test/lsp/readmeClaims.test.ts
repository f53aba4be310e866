// README claims that had no test, proven through the built language server over stdio with
// real gearmand servers: no local worker commands in an untrusted workspace; failing servers
// polled less often; `files.exclude` merged into the index exclusions; hovers that name the
// workers' client ids; local workers (and their commands) gone when the editor goes away; a
// job sent to "all" servers failing over from a dead one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest, DidOpenTextDocumentNotification, ExecuteCommandRequest, HoverRequest, PublishDiagnosticsNotification,
  type MarkupContent, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { AdminClient } from '../../server/src/gearman/admin';
import { UNTRUSTED_MESSAGE } from '../../server/src/features/jobs/localCommand';
import { jobEvents, logMessage, registryChanged, setTrust, type JobEvent, type JobResult, type LocalWorkerInfo } from '../../server/src/protocol';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startEventsWorker, type CWorker } from '../support/cWorker';
import { reserveDeadPort, type DeadPort } from '../support/deadPort';
import { startLsp, type LspSession } from './support/lspClient';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = (d: string | undefined) => Buffer.from(d ?? '', 'base64').toString('utf8');
const exec = <T>(lsp: LspSession, command: string, arg: unknown) =>
  lsp.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] }) as Promise<T>;
const eventsOf = (lsp: LspSession, jobId: string): JobEvent[] => lsp.received(jobEvents).flatMap((b) => b.events).filter((e) => e.jobId === jobId);
/** The result bytes (base64) a job's last event carries. */
const resultOf = (lsp: LspSession, jobId: string) => eventsOf(lsp, jobId).at(-1)?.data;

/** Workers gearmand lists for FN now. */
async function workersFor(port: number, fn: string): Promise<number> {
  const admin = new AdminClient({ host: '127.0.0.1', port });
  try {
    return (await admin.status()).find((r) => r.name === fn)?.workers ?? 0;
  } finally {
    admin.close();
  }
}

/** Polls gearmand's own admin status until `check` holds for FN's worker count. */
async function untilWorkers(port: number, fn: string, check: (n: number) => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  let n = await workersFor(port, fn);
  while (!check(n)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: gearmand lists ${n} workers for ${fn}`);
    await new Promise((r) => setTimeout(r, 50));
    n = await workersFor(port, fn);
  }
}

/** PIDs of processes whose command line is exactly ARGS. */
function processesRunning(args: string[]): number[] {
  const want = `${args.join('\0')}\0`;
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'latin1') === want) pids.push(Number(p));
    } catch { /* the process ended while we looked */ }
  }
  return pids;
}

describe('an untrusted workspace runs no local worker command', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  const servers = () => [{ name: 'local', host: '127.0.0.1', port: gd.port }];

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-untrusted-'));
    lsp = await startLsp({ servers: servers() }, { initializationOptions: { client: 'vscode-gearman', trust: { trusted: false, user: servers() } }, rootUri: pathToFileURL(dir).href });
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const marker = () => join(dir, 'ran');
  const runs = () => (existsSync(marker()) ? readFileSync(marker(), 'utf8').split('\n').filter(Boolean).length : 0);
  const serve = (fn: string, mode: unknown) => exec<LocalWorkerInfo>(lsp, 'gearman.server.serveLocally', { serverId: `127.0.0.1:${gd.port}`, function: fn, mode });
  const submit = (jobId: string, fn: string) => exec<JobResult>(lsp, 'gearman.server.submitJob', { jobId, serverId: `127.0.0.1:${gd.port}`, function: fn, payload: b64('x'), timeoutSec: 20 });

  it('refuses a shell-command worker and registers nothing, while echo still works', async () => {
    await expect(serve('cmd_untrusted', { command: `echo ran >> ${marker()}; cat` })).rejects.toThrow(UNTRUSTED_MESSAGE);
    expect(await workersFor(gd.port, 'cmd_untrusted')).toBe(0);
    const echo = await serve('echo_untrusted', 'echo');
    expect(echo).toMatchObject({ function: 'echo_untrusted', mode: 'echo', connected: true });
    expect((await submit('u1', 'echo_untrusted')).status).toBe('complete');
    expect(text(resultOf(lsp, 'u1'))).toBe('x');
    expect(runs()).toBe(0);
  });

  it('runs the command once trusted, and refuses it again, job by job, as soon as trust is withdrawn', async () => {
    await lsp.conn.sendNotification(setTrust, { trusted: true, user: servers() });
    await serve('cmd_trusted', { command: `echo ran >> ${marker()}; cat` });
    const ok = await submit('u2', 'cmd_trusted');
    expect(ok.status).toBe('complete');
    expect(runs()).toBe(1);
    await lsp.conn.sendNotification(setTrust, { trusted: false, user: servers() });
    const refused = await submit('u3', 'cmd_trusted');
    expect(refused.status).toBe('exception');
    expect(text(resultOf(lsp, 'u3'))).toBe(UNTRUSTED_MESSAGE);
    expect(runs()).toBe(1);
  });
});

describe('failing servers are polled less often', () => {
  let healthy: FakeServer;
  let failing: FakeServer;
  let lsp: LspSession;
  let polls = 0;
  const pollWaiters: (() => void)[] = [];

  beforeAll(async () => {
    // The control answers like an empty gearmand; its polls are the clock of this test.
    healthy = await startFake((line, sock) => {
      sock.write(line === 'version' ? 'OK 1.1.20\n' : '.\n');
      if (line === 'status') { polls++; for (const w of pollWaiters.splice(0)) w(); }
    });
    // Every connection to this one is cut at its first command: each connection is one failed poll.
    failing = await startFake((_line, sock) => sock.destroy());
    lsp = await startLsp({ servers: [{ name: 'healthy', host: '127.0.0.1', port: healthy.port }, { name: 'failing', host: '127.0.0.1', port: failing.port }], refreshInterval: 1 });
  });

  afterAll(async () => {
    await lsp?.close();
    await healthy?.close();
    await failing?.close();
  });

  it('backs off: over the healthy server\'s first 10 polls the failing one is tried at most half as often', async () => {
    while (polls < 10) await new Promise<void>((r) => pollWaiters.push(r));
    const failed = failing.connections;
    // Same interval (1 s) for both: without backoff the failing one would be tried about 10 times.
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(failed).toBeLessThanOrEqual(5);
    const snap = await lsp.waitFor(registryChanged, (d) => d.changed.some((s) => s.name === 'failing' && s.health === 'down'), 20_000, 'failing down');
    expect(snap.changed.find((s) => s.name === 'failing')?.error).toBeTruthy();
  });
});

describe('files.exclude is merged into the index exclusions', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  let uri: string;
  let files: Record<string, unknown> = {};
  const CLIENT = "<?php\n$c->doNormal('from_generated', $x);\n$c->doNormal('from_src', $x);\n$c->doNormal('from_modules', $x);\n";

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-files-exclude-'));
    for (const [folder, name] of [['generated', 'from_generated'], ['src', 'from_src'], ['node_modules/lib', 'from_modules']]) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, 'w.php'), `<?php\n$w->addFunction('${name}', 'f');\n`);
    }
    writeFileSync(join(dir, 'client.php'), CLIENT);
    uri = pathToFileURL(join(dir, 'client.php')).href;
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 }, { rootUri: pathToFileURL(dir).href });
    // Answer the `files` section too (the default client answers only `gearman`).
    lsp.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'gearman' ? lsp.settings : i.section === 'files' ? { exclude: files } : null)));
    await lsp.waitFor(registryChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'php', version: 1, text: CLIENT } });
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Codes of the diagnostics on client.php, by name, once the next publish after MARK satisfies `want`. */
  async function codesAfter(mark: number, want: (codes: Record<string, string>) => boolean, what: string): Promise<Record<string, string>> {
    const byName = (p: PublishDiagnosticsParams) => Object.fromEntries(p.diagnostics.map((d) => [/'([^']+)'/.exec(typeof d.message === 'string' ? d.message : d.message.value)?.[1] ?? '?', String(d.code)]));
    const p = await lsp.waitFor(PublishDiagnosticsNotification.type, (x) => x.uri === uri && lsp.received(PublishDiagnosticsNotification.type).indexOf(x) >= mark && want(byName(x)), 30_000, what);
    return byName(p);
  }

  it('skips a folder files.exclude switches on, on top of gearman.index.exclude, and ignores entries switched off', async () => {
    files = { '**/src': false };
    let mark = lsp.received(PublishDiagnosticsNotification.type).length;
    await lsp.setSettings({ ...lsp.settings }); // the server reads files.exclude with the settings
    // Worker code registers both names, so neither is an error; node_modules is excluded by gearman.index.exclude.
    expect(await codesAfter(mark, (c) => c.from_generated === 'no-live-worker' && c.from_src === 'no-live-worker', 'both names registered in the workspace'))
      .toEqual({ from_generated: 'no-live-worker', from_src: 'no-live-worker', from_modules: 'unknown-function' });

    files = { '**/generated': true, '**/src': false };
    mark = lsp.received(PublishDiagnosticsNotification.type).length;
    await lsp.setSettings({ ...lsp.settings });
    expect(await codesAfter(mark, (c) => c.from_generated === 'unknown-function', 'from_generated no longer registered'))
      .toEqual({ from_generated: 'unknown-function', from_src: 'no-live-worker', from_modules: 'unknown-function' });
  });
});

describe('hover names the workers by client id', () => {
  let gd: GearmandHandle;
  let cWorker: CWorker;
  let cli: CliWorker;
  let lsp: LspSession;
  let dir: string;

  beforeAll(async () => {
    gd = await startGearmand();
    cWorker = await startEventsWorker(gd.port, { clientId: 'billing-7' });
    cli = startCliWorker(gd.port, ['c_events'], ['cat']); // sets no client id: gearmand lists it as '-'
    await untilWorkers(gd.port, 'c_events', (n) => n === 2, 'both workers');
    dir = mkdtempSync(join(tmpdir(), 'gearman-hover-'));
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 }, { rootUri: pathToFileURL(dir).href });
    await lsp.waitFor(registryChanged, (d) => d.changed.some((s) => s.functions.some((f) => f.name === 'c_events' && f.workers === 2)), 20_000, 'both workers in the registry');
  });

  afterAll(async () => {
    await lsp?.close();
    await cli?.stop();
    await cWorker?.stop();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the client id a worker set, and the address of one that set none', async () => {
    const uri = pathToFileURL(join(dir, 'client.py')).href;
    const src = "client.submit_job('c_events', b'x')\n";
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: src } });
    const hover = await lsp.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 20 } });
    const md = (hover!.contents as MarkupContent).value;
    expect(md).toMatch(new RegExp(`local \\(127\\.0\\.0\\.1:${gd.port}\\) \\| 0 \\| 0 \\| 2 \\|`));
    const line = md.split('\n').find((l) => l.startsWith('Workers on '));
    expect([`Workers on local (127.0.0.1:${gd.port}): \`billing-7\`, \`127.0.0.1\``, `Workers on local (127.0.0.1:${gd.port}): \`127.0.0.1\`, \`billing-7\``]).toContain(line);
  });
});

describe('local workers stop when the editor goes away', () => {
  let gd: GearmandHandle;
  let lsp: LspSession | undefined;
  const settings = () => ({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }] });

  beforeAll(async () => { gd = await startGearmand(); });
  afterEach(async () => { await lsp?.close(); lsp = undefined; });
  afterAll(async () => { await gd?.stop(); });

  it('on shutdown, gearmand no longer lists the worker', async () => {
    lsp = await startLsp(settings());
    await exec(lsp, 'gearman.server.serveLocally', { serverId: `127.0.0.1:${gd.port}`, function: 'bye_shutdown', mode: 'echo' });
    expect(await workersFor(gd.port, 'bye_shutdown')).toBe(1);
    await lsp.close();
    lsp = undefined;
    await untilWorkers(gd.port, 'bye_shutdown', (n) => n === 0, 'the worker to leave gearmand');
  });

  it('when the editor vanishes without a shutdown, the server exits, the worker leaves and the command it was running is killed', async () => {
    lsp = await startLsp(settings());
    const seconds = String(900_000 + Math.floor(Math.random() * 90_000)); // an argument no other process uses
    await exec(lsp, 'gearman.server.serveLocally', { serverId: `127.0.0.1:${gd.port}`, function: 'bye_vanish', mode: { command: `sleep ${seconds}; cat` } });
    const started = lsp.waitFor(jobEvents, (b) => b.events.some((e) => e.jobId === 'v1' && e.kind === 'created'), 20_000, 'job created');
    void exec(lsp, 'gearman.server.submitJob', { jobId: 'v1', serverId: `127.0.0.1:${gd.port}`, function: 'bye_vanish', payload: b64('x') }).catch(() => undefined);
    await started;
    const running = Date.now() + 20_000;
    while (processesRunning(['sleep', seconds]).length === 0 && Date.now() < running) await new Promise((r) => setTimeout(r, 50));
    expect(processesRunning(['sleep', seconds])).toHaveLength(1);

    const proc = lsp.proc;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.stdin!.end(); // the editor's end of the pipe closes, as when it crashes
    await exited;
    lsp.conn.dispose();
    lsp = undefined;
    await untilWorkers(gd.port, 'bye_vanish', (n) => n === 0, 'the worker to leave gearmand');
    // SIGKILL is delivered at once, but the process lingers until the kernel has torn it down.
    const gone = Date.now() + 10_000;
    while (processesRunning(['sleep', seconds]).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(processesRunning(['sleep', seconds])).toEqual([]);
  });
});

describe('a job sent to all servers fails over from a dead one', () => {
  let dead: DeadPort;
  let gd: GearmandHandle;
  let cWorker: CWorker;
  let lsp: LspSession;

  beforeAll(async () => {
    dead = await reserveDeadPort();
    gd = await startGearmand();
    cWorker = await startEventsWorker(gd.port);
    lsp = await startLsp({ servers: [{ name: 'dead', host: '127.0.0.1', port: dead.port }, { name: 'live', host: '127.0.0.1', port: gd.port }] });
    await lsp.waitFor(registryChanged, (d) => d.changed.some((s) => s.name === 'live' && s.health === 'up'), 20_000, 'the settings applied');
  });

  afterAll(async () => {
    await lsp?.close();
    await cWorker?.stop();
    await gd?.stop();
    await dead?.release();
  });

  it('tries the servers in settings order, logs the move, and completes on the live one', async () => {
    const r = await exec<JobResult>(lsp, 'gearman.server.submitJob', { jobId: 'all1', serverId: 'all', function: 'c_events', payload: b64('both') });
    expect(r.status).toBe('complete');
    expect(text(resultOf(lsp, 'all1'))).toBe('done:both');
    expect(r.server).toBe(`127.0.0.1:${gd.port}`);
    expect(eventsOf(lsp, 'all1')[0]).toMatchObject({ kind: 'submitted', server: 'all servers (dead, live)' });
    const moved = await lsp.waitFor(logMessage, (m) => m.message.startsWith('Job c_events: '), 10_000, 'the failover log line');
    expect(moved).toMatchObject({ level: 'warn' });
    expect(moved.message).toBe(`Job c_events: 127.0.0.1:${dead.port} failed (gearmand at 127.0.0.1:${dead.port} refused the connection; is it running and listening on that port?); trying 127.0.0.1:${gd.port}`);
  });
});
