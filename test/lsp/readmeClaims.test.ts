// README claims that had no test, proven through the built language server over stdio with
// real gearmand servers: no local worker commands in an untrusted workspace; failing servers
// polled less often; `files.exclude` merged into the index exclusions; hovers that name the
// workers' client ids. (Local workers and "all" servers: readmeClaimsJobs.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsNotification,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { UNTRUSTED_MESSAGE } from '../../server/src/features/jobs/localCommand';
import { markdownText, setTrust, type JobResult, type LocalWorkerInfo } from '../../server/src/protocol';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startEventsWorker, type CWorker } from '../support/cWorker';
import { b64, exec, resultOf, text, untilWorkers, workersFor } from './support/claims';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

describe('an untrusted workspace runs no local worker command', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  const servers = () => [{ name: 'local', host: '127.0.0.1', port: gd.port }];

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-untrusted-'));
    lsp = await startLsp(
      { servers: servers() },
      {
        initializationOptions: { client: 'vscode-gearman', trust: { trusted: false, user: servers() } },
        rootUri: pathToFileURL(dir).href,
      },
    );
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const marker = () => join(dir, 'ran');
  const runs = () => (existsSync(marker()) ? readFileSync(marker(), 'utf8').split('\n').filter(Boolean).length : 0);
  const serve = (fn: string, mode: unknown) =>
    exec<LocalWorkerInfo>(lsp, 'gearman.server.serveLocally', { serverId: `127.0.0.1:${gd.port}`, function: fn, mode });
  const submit = (jobId: string, fn: string) =>
    exec<JobResult>(lsp, 'gearman.server.submitJob', {
      jobId,
      serverId: `127.0.0.1:${gd.port}`,
      function: fn,
      payload: b64('x'),
      timeoutSec: 20,
    });

  it('refuses a shell-command worker and registers nothing, while echo still works', async () => {
    await expect(serve('cmd_untrusted', { command: `echo ran >> ${marker()}; cat` })).rejects.toThrow(
      UNTRUSTED_MESSAGE,
    );
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
      if (line === 'status') {
        polls++;
        for (const w of pollWaiters.splice(0)) w();
      }
    });
    // Every connection to this one is cut at its first command: each connection is one failed poll.
    failing = await startFake((_line, sock) => sock.destroy());
    lsp = await startLsp({
      servers: [
        { name: 'healthy', host: '127.0.0.1', port: healthy.port },
        { name: 'failing', host: '127.0.0.1', port: failing.port },
      ],
      refreshInterval: 1,
    });
  });

  afterAll(async () => {
    await lsp?.close();
    await healthy?.close();
    await failing?.close();
  });

  it("backs off: over the healthy server's first 10 polls the failing one is tried at most half as often", async () => {
    while (polls < 10) await new Promise<void>((r) => pollWaiters.push(r));
    const failed = failing.connections;
    // Same interval (1 s) for both: without backoff the failing one would be tried about 10 times.
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(failed).toBeLessThanOrEqual(5);
    const snap = await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.name === 'failing' && s.health === 'down'),
      20_000,
      'failing down',
    );
    expect(snap.changed.find((s) => s.name === 'failing')?.error).toBeTruthy();
  });
});

describe('files.exclude is merged into the index exclusions', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  let uri: string;
  let files: Record<string, unknown> = {};
  const CLIENT =
    "<?php\n$c->doNormal('from_generated', $x);\n$c->doNormal('from_src', $x);\n$c->doNormal('from_modules', $x);\n";

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-files-exclude-'));
    for (const [folder, name] of [
      ['generated', 'from_generated'],
      ['src', 'from_src'],
      ['node_modules/lib', 'from_modules'],
    ]) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, 'w.php'), `<?php\n$w->addFunction('${name}', 'f');\n`);
    }
    writeFileSync(join(dir, 'client.php'), CLIENT);
    uri = pathToFileURL(join(dir, 'client.php')).href;
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    // Answer the `files` section too (the default client answers only `gearman`).
    lsp.conn.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((i) => (i.section === 'gearman' ? lsp.settings : i.section === 'files' ? { exclude: files } : null)),
    );
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'php', version: 1, text: CLIENT },
    });
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Codes of the diagnostics on client.php, by name, once the next publish after MARK satisfies `want`. */
  async function codesAfter(
    mark: number,
    want: (codes: Record<string, string>) => boolean,
    what: string,
  ): Promise<Record<string, string>> {
    const byName = (p: PublishDiagnosticsParams) =>
      Object.fromEntries(
        p.diagnostics.map((d) => [
          /'([^']+)'/.exec(typeof d.message === 'string' ? d.message : d.message.value)?.[1] ?? '?',
          String(d.code),
        ]),
      );
    const p = await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (x) => x.uri === uri && lsp.received(PublishDiagnosticsNotification.type).indexOf(x) >= mark && want(byName(x)),
      30_000,
      what,
    );
    return byName(p);
  }

  it('skips a folder files.exclude switches on, on top of gearman.index.exclude, and ignores entries switched off', async () => {
    files = { '**/src': false };
    let mark = lsp.received(PublishDiagnosticsNotification.type).length;
    await lsp.setSettings({ ...lsp.settings }); // the server reads files.exclude with the settings
    // Worker code registers both names, so neither is an error; node_modules is excluded by gearman.index.exclude.
    expect(
      await codesAfter(
        mark,
        (c) => c.from_generated === 'no-live-worker' && c.from_src === 'no-live-worker',
        'both names registered in the workspace',
      ),
    ).toEqual({ from_generated: 'no-live-worker', from_src: 'no-live-worker', from_modules: 'unknown-function' });

    files = { '**/generated': true, '**/src': false };
    mark = lsp.received(PublishDiagnosticsNotification.type).length;
    await lsp.setSettings({ ...lsp.settings });
    expect(
      await codesAfter(mark, (c) => c.from_generated === 'unknown-function', 'from_generated no longer registered'),
    ).toEqual({ from_generated: 'unknown-function', from_src: 'no-live-worker', from_modules: 'unknown-function' });
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
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.functions.some((f) => f.name === 'c_events' && f.workers === 2)),
      20_000,
      'both workers in the registry',
    );
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
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: src },
    });
    const hover = await lsp.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: 20 },
    });
    const md = (hover!.contents as MarkupContent).value;
    // Server text is escaped markdown (server/src/text/inert.ts): the label reads the same once rendered.
    const label = markdownText(`local (127.0.0.1:${gd.port})`);
    expect(md).toContain(`| ${label} | 0 | 0 | 2 |`);
    const line = md.split('\n').find((l) => l.startsWith('Workers on '));
    expect([
      `Workers on ${label}: \`billing-7\`, \`127.0.0.1\``,
      `Workers on ${label}: \`127.0.0.1\`, \`billing-7\``,
    ]).toContain(line);
  });
});
