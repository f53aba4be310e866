// README claims about jobs over stdio: local workers (and the commands they run) gone when
// the editor goes away, with or without a shutdown; a job sent to "all" servers failing over
// from a dead one (a port held bound and never listening), answered by the libgearman C worker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logMessage, jobEvents, type JobResult } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { startEventsWorker, type CWorker } from '../support/cWorker';
import { reserveDeadPort, type DeadPort } from '../support/deadPort';
import { b64, eventsOf, exec, processesRunning, resultOf, text, untilWorkers, workersFor } from './support/claims';
import { serversChanged, startLsp, startLspProcess, type LspSession } from './support/lspClient';

describe('local workers stop when the editor goes away', () => {
  let gd: GearmandHandle;
  let lsp: LspSession | undefined;
  const settings = () => ({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }] });

  beforeAll(async () => {
    gd = await startGearmand();
  });
  afterEach(async () => {
    await lsp?.close();
    lsp = undefined;
  });
  afterAll(async () => {
    await gd?.stop();
  });

  it('on shutdown, gearmand no longer lists the worker', async () => {
    lsp = await startLsp(settings());
    await exec(lsp, 'gearman.server.serveLocally', {
      serverId: `127.0.0.1:${gd.port}`,
      function: 'bye_shutdown',
      mode: 'echo',
    });
    expect(await workersFor(gd.port, 'bye_shutdown')).toBe(1);
    await lsp.close();
    lsp = undefined;
    await untilWorkers(gd.port, 'bye_shutdown', (n) => n === 0, 'the worker to leave gearmand');
  });

  it('when the editor vanishes without a shutdown, the server exits, the worker leaves and the command it was running is killed', async () => {
    const p = await startLspProcess(settings());
    lsp = p;
    const seconds = String(900_000 + Math.floor(Math.random() * 90_000)); // an argument no other process uses
    await exec(lsp, 'gearman.server.serveLocally', {
      serverId: `127.0.0.1:${gd.port}`,
      function: 'bye_vanish',
      mode: { command: `sleep ${seconds}; cat` },
    });
    const started = lsp.waitFor(
      jobEvents,
      (b) => b.events.some((e) => e.jobId === 'v1' && e.kind === 'created'),
      20_000,
      'job created',
    );
    void exec(lsp, 'gearman.server.submitJob', {
      jobId: 'v1',
      serverId: `127.0.0.1:${gd.port}`,
      function: 'bye_vanish',
      payload: b64('x'),
    }).catch(() => undefined);
    await started;
    const running = Date.now() + 20_000;
    while (processesRunning(['sleep', seconds]).length === 0 && Date.now() < running)
      await new Promise((r) => setTimeout(r, 50));
    expect(processesRunning(['sleep', seconds])).toHaveLength(1);

    const proc = p.proc;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.stdin!.end(); // the editor's end of the pipe closes, as when it crashes
    await exited;
    lsp.conn.dispose();
    lsp = undefined;
    await untilWorkers(gd.port, 'bye_vanish', (n) => n === 0, 'the worker to leave gearmand');
    // SIGKILL is delivered at once, but the process lingers until the kernel has torn it down.
    const gone = Date.now() + 10_000;
    while (processesRunning(['sleep', seconds]).length > 0 && Date.now() < gone)
      await new Promise((r) => setTimeout(r, 50));
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
    lsp = await startLsp({
      servers: [
        { name: 'dead', host: '127.0.0.1', port: dead.port },
        { name: 'live', host: '127.0.0.1', port: gd.port },
      ],
    });
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.name === 'live' && s.health === 'up'),
      20_000,
      'the settings applied',
    );
  });

  afterAll(async () => {
    await lsp?.close();
    await cWorker?.stop();
    await gd?.stop();
    await dead?.release();
  });

  it('tries the servers in settings order, logs the move, and completes on the live one', async () => {
    const r = await exec<JobResult>(lsp, 'gearman.server.submitJob', {
      jobId: 'all1',
      serverId: 'all',
      function: 'c_events',
      payload: b64('both'),
    });
    expect(r.status).toBe('complete');
    expect(text(resultOf(lsp, 'all1'))).toBe('done:both');
    expect(r.server).toBe(`127.0.0.1:${gd.port}`);
    expect(eventsOf(lsp, 'all1')[0]).toMatchObject({ kind: 'submitted', server: 'all servers (dead, live)' });
    const moved = await lsp.waitFor(
      logMessage,
      (m) => m.message.startsWith('Job c_events: '),
      10_000,
      'the failover log line',
    );
    expect(moved).toMatchObject({ level: 'warn' });
    expect(moved.message).toBe(
      `Job c_events: 127.0.0.1:${dead.port} failed (gearmand at 127.0.0.1:${dead.port} refused the connection; is it running and listening on that port?); trying 127.0.0.1:${gd.port}`,
    );
  });
});
