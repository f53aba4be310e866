// A repository's `.gearman` file, written by an attacker, against the real language server:
// it names an address nobody configured and files outside the workspace, devices, FIFOs and
// files over the limit. Each attempt must be refused, or sent only after the user confirmed
// a question that names the file and the server; nothing reaches a socket before that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol';
import { confirm, type ConfirmParams, type SubmitBlockResult } from '../../server/src/protocol';
import { startLsp, type LspSession } from '../lsp/support/lspClient';

/** A TCP server that records every byte sent to it and never answers: where an exfiltration would land. */
interface Sink {
  port: number;
  connections: number;
  received(): Buffer;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const sink = { port: 0, connections: 0, received: () => Buffer.concat(chunks), close: () => Promise.resolve() };
  const server: Server = createServer((s) => {
    sink.connections++;
    sockets.add(s);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.port = (server.address() as { port: number }).port;
  sink.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return sink;
}

const SECRET = 'root:x:0:0:the secret the attacker wants';
/** The configured sink is also polled (admin text), so what counts is whether a job's bytes reached it. */
const got = (s: Sink, text: string) => s.received().includes(Buffer.from(text));

describe('a hostile .gearman file', () => {
  let root: string;
  let ws: string;
  let outside: string;
  let sink: Sink;
  let trap: Sink;
  const sessions: LspSession[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gearman-hostile-'));
    ws = join(root, 'repo');
    outside = join(root, 'home');
    mkdirSync(ws);
    mkdirSync(outside);
    writeFileSync(join(outside, 'passwd'), SECRET);
    writeFileSync(join(ws, 'ok.txt'), 'inside the repo');
    symlinkSync(join(outside, 'passwd'), join(ws, 'innocent.txt'));
    symlinkSync('/dev/zero', join(ws, 'zero.bin'));
    execFileSync('mkfifo', [join(ws, 'pipe')]);
    writeFileSync(join(ws, 'big.bin'), Buffer.alloc(4096, 1));
    sink = await startSink();
    trap = await startSink();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await sink?.close();
    await trap?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A language server as VS Code starts it, with `sink` configured in the user's settings as "mine". */
  async function start(
    trusted: boolean,
    answer: (q: ConfirmParams) => boolean,
    asked: ConfirmParams[] = [],
  ): Promise<LspSession> {
    const user = [{ name: 'mine', host: '127.0.0.1', port: sink.port }];
    const lsp = await startLsp(
      { servers: user, jobs: { acceptTimeout: 1, maxPayloadFileMiB: 0.001 } },
      {
        rootUri: pathToFileURL(ws).href,
        initializationOptions: { client: 'vscode-gearman', trust: { trusted, user } },
      },
    );
    lsp.conn.onRequest(confirm, (q) => {
      asked.push(q);
      return answer(q);
    });
    sessions.push(lsp);
    return lsp;
  }

  async function open(lsp: LspSession, name: string, text: string): Promise<string> {
    const uri = pathToFileURL(join(ws, name)).href;
    writeFileSync(join(ws, name), text);
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'gearman', version: 1, text },
    });
    return uri;
  }

  const submit = (lsp: LspSession, uri: string, line = 0) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJobBlock',
      arguments: [{ uri, line }],
    }) as Promise<SubmitBlockResult>;
  const diagnosticsOf = (lsp: LspSession, uri: string) =>
    lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => p.uri === uri && p.diagnostics.length > 0,
      20_000,
      `diagnostics of ${uri}`,
    );

  it('in an untrusted workspace, sends nothing to an address the file names, without asking, and says so before the click', async () => {
    const asked: ConfirmParams[] = [];
    const lsp = await start(false, () => true, asked);
    const uri = await open(lsp, 'adhoc.gearman', `SUBMIT steal\nserver: 127.0.0.1:${trap.port}\n\n@ok.txt\n`);
    const d = await diagnosticsOf(lsp, uri);
    expect(d.diagnostics).toEqual([
      expect.objectContaining({
        code: 'adhoc-server',
        severity: 1,
        message: expect.stringContaining(
          `127.0.0.1:${trap.port} is not one of your configured servers, and this workspace is not trusted`,
        ),
      }),
    ]);
    await expect(submit(lsp, uri)).rejects.toThrow(
      `Not submitted: 127.0.0.1:${trap.port} is not one of your configured servers, and this workspace is not trusted: nothing is sent to an address a repository names.`,
    );
    expect(asked).toEqual([]);
    expect(trap.connections).toBe(0);
  });

  it('in a trusted workspace, asks before sending to an unconfigured address, naming it and the file; declining sends nothing', async () => {
    const asked: ConfirmParams[] = [];
    const lsp = await start(true, () => false, asked);
    const uri = await open(lsp, 'adhoc2.gearman', `SUBMIT steal\nserver: 127.0.0.1:${trap.port}\n\n@ok.txt\n`);
    await expect(submit(lsp, uri)).rejects.toThrow(
      /Not sent: 127\.0\.0\.1:\d+ is not a configured server and sending to it was not confirmed\./,
    );
    expect(asked).toEqual([
      {
        message: `Send to 127.0.0.1:${trap.port}? It is not one of your configured Gearman servers.`,
        detail: expect.stringContaining(`The job file adhoc2.gearman names 127.0.0.1:${trap.port}.`),
        action: `Send to 127.0.0.1:${trap.port}`,
      },
    ]);
    expect(trap.connections).toBe(0);
  });

  it('sends to an unconfigured address once the user confirmed, and asks once per address per session', async () => {
    const asked: ConfirmParams[] = [];
    const lsp = await start(true, () => true, asked);
    const uri = await open(lsp, 'adhoc3.gearman', `SUBMIT allowed_fn\nserver: 127.0.0.1:${trap.port}\n\nhello\n`);
    // The trap never answers: the submit fails on the accept timeout, after the bytes went out.
    await submit(lsp, uri).then((r) =>
      expect(r.results[0]).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/not accepted by gearmand within 1 s/),
      }),
    );
    await submit(lsp, uri).then((r) => expect(r.results[0].status).toBe('error'));
    expect(asked).toHaveLength(1);
    expect(trap.received().includes(Buffer.from('allowed_fn\0'))).toBe(true);
  });

  it('never reads a file outside the workspace in an untrusted workspace, even through a symlink', async () => {
    const asked: ConfirmParams[] = [];
    const lsp = await start(false, () => true, asked);
    for (const [i, path] of ['../home/passwd', join(outside, 'passwd'), 'innocent.txt'].entries()) {
      const uri = await open(lsp, `out-${i}.gearman`, `SUBMIT steal_untrusted\nserver: mine\n\n@${path}\n`);
      const d = await diagnosticsOf(lsp, uri);
      expect(d.diagnostics).toEqual([
        expect.objectContaining({
          code: 'file-outside',
          severity: 1,
          message: expect.stringContaining('is outside the workspace folders, and this workspace is not trusted'),
        }),
      ]);
      await expect(submit(lsp, uri)).rejects.toThrow(
        /is outside the workspace folders, and this workspace is not trusted: a job file may not send files from elsewhere/,
      );
    }
    expect(asked).toEqual([]);
    expect(got(sink, 'steal_untrusted')).toBe(false);
    expect(got(sink, SECRET)).toBe(false);
  });

  it('in a trusted workspace, reads a file outside only after a question naming the file and the server', async () => {
    const asked: ConfirmParams[] = [];
    let answer = false;
    const lsp = await start(true, () => answer, asked);
    const uri = await open(lsp, 'outside.gearman', 'SUBMIT steal_asked\nserver: mine\n\n@innocent.txt\n');
    const d = await diagnosticsOf(lsp, uri);
    expect(d.diagnostics).toEqual([
      expect.objectContaining({
        code: 'file-outside',
        severity: 2,
        message: expect.stringContaining('is outside the workspace folders: Submit asks before reading it'),
      }),
    ]);
    await expect(submit(lsp, uri)).rejects.toThrow(
      /innocent\.txt is outside the workspace folders and reading it was not confirmed/,
    );
    expect(asked).toEqual([
      expect.objectContaining({
        message: `Read ${join(ws, 'innocent.txt')} and send it to mine?`,
        action: 'Read and send',
      }),
    ]);
    expect(asked[0].detail).toContain(
      'The job file outside.gearman asks for innocent.txt, which is outside the workspace folders',
    );
    expect(got(sink, 'steal_asked')).toBe(false);
    answer = true;
    await submit(lsp, uri);
    expect(got(sink, `steal_asked\0\0${SECRET}`)).toBe(true);
  });

  it('refuses devices, FIFOs and files over gearman.jobs.maxPayloadFileMiB before sending anything', async () => {
    const lsp = await start(true, () => true);
    const cases: [string, RegExp][] = [
      ['zero.bin', /zero\.bin \(.*\) is a device; only regular files are read/],
      ['pipe', /pipe \(.*\) is a named pipe \(FIFO\); only regular files are read/],
      [
        'big.bin',
        /big\.bin \(.*\) is 4 KiB; the limit is 1 KiB \(gearman\.jobs\.maxPayloadFileMiB\); raise it to send this file/,
      ],
    ];
    for (const [file, message] of cases) {
      const uri = await open(
        lsp,
        `${file}.gearman`,
        `SUBMIT refused_${file.replace('.', '_')}\nserver: mine\n\n@${file}\n`,
      );
      await expect(submit(lsp, uri)).rejects.toThrow(message);
    }
    expect(got(sink, 'refused_')).toBe(false);
  });
});
