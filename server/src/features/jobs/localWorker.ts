// Local test workers: the library's GearmanWorker, run inside the language server, answering
// one function by echoing the payload or by running a shell command. They stop with the server.
import { randomUUID } from 'node:crypto';
import type { ServerContext } from '../../context';
import { GearmanWorker, type JobHandler } from '../../gearman';
import { localWorkersChanged, type LocalWorkerInfo, type ServeLocallyParams } from '../../protocol';
import type { ResolvedTarget, ResolveOptions } from '../../registry/resolver';
import { commandHandler, UNTRUSTED_MESSAGE } from './localCommand';
import { parseServeParams } from './params';

interface Entry {
  worker: GearmanWorker;
  info: LocalWorkerInfo;
}

/** The running local workers. */
export class LocalWorkers {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly resolve: (spec: string, opts: ResolveOptions) => Promise<ResolvedTarget>,
    /** Workspace trust, asked at every use: shell commands run only while it is true. */
    private readonly trusted: () => boolean,
    private readonly changed: (list: LocalWorkerInfo[]) => void,
    private readonly cwd: () => string | undefined,
    private readonly log: (level: 'info' | 'warn', message: string) => void = () => {},
  ) {}

  /** Starts a worker for one function on one server; rejects when it cannot connect or may not run. */
  async serve(p: ServeLocallyParams): Promise<LocalWorkerInfo> {
    const command = p.mode === 'echo' ? undefined : p.mode.command;
    if (command !== undefined && !this.trusted()) throw new Error(UNTRUSTED_MESSAGE);
    const target = await this.resolve(p.serverId, { purpose: 'worker' });
    const id = randomUUID();
    const worker = new GearmanWorker(target.servers[0].endpoint, {
      clientId: `vscode-local-${p.function}`.slice(0, 100),
      backoff: { initialMs: 500, maxMs: 5000 },
    });
    const info: LocalWorkerInfo = {
      id,
      serverId: p.serverId,
      function: p.function,
      mode: command ?? 'echo',
      connected: false,
      jobs: 0,
    };
    const handler: JobHandler =
      command === undefined ? (job) => job.payload : commandHandler(command, this.cwd(), this.trusted);
    worker.register(p.function, async (job) => {
      info.jobs++;
      this.emit();
      return handler(job);
    });
    worker.on('connected', () => {
      info.connected = true;
      info.lastError = undefined;
      this.emit();
    });
    worker.on('disconnected', (_s, err) => {
      info.connected = false;
      if (err) info.lastError = err.message;
      this.emit();
    });
    worker.on('reconnecting', (e) => {
      info.lastError = e.error.message;
      this.emit();
    });
    worker.on('jobError', (e) => {
      info.lastError = e.error instanceof Error ? e.error.message : String(e.error);
      this.emit();
    });
    await worker.start();
    if (!info.connected) {
      await worker.stop(1000);
      throw new Error(
        `Cannot serve ${p.function} on ${target.label}: ${info.lastError ?? 'the server did not accept the connection'}`,
      );
    }
    this.entries.set(id, { worker, info });
    this.log('info', `Serving ${p.function} on ${target.label} locally (${info.mode})`);
    this.emit();
    return { ...info };
  }

  /** Stops one worker (running jobs may finish for up to 5 s); false when there is none with that id. */
  async stop(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    this.emit();
    await e.worker.stop(5000);
    this.log('info', `Stopped serving ${e.info.function} locally`);
    return true;
  }

  /** Stops every worker. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.stop(id)));
  }

  /** The running workers. */
  list(): LocalWorkerInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  private emit(): void {
    this.changed(this.list());
  }
}

/** Registers gearman.server.serveLocally and gearman.server.stopLocalWorker. */
export function registerLocalWorkers(ctx: ServerContext): void {
  const workers = new LocalWorkers(
    (spec, opts) => ctx.servers.resolve(spec, opts),
    () => ctx.trusted(),
    (list) => void ctx.connection.sendNotification(localWorkersChanged, { workers: list }),
    () => ctx.workspaceFolders()[0],
    ctx.log,
  );
  ctx.addCommand('gearman.server.serveLocally', (args) => workers.serve(parseServeParams(args[0])));
  ctx.addCommand('gearman.server.stopLocalWorker', async (args) => {
    const id = (args[0] as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw new Error('gearman.server.stopLocalWorker needs { "id": "<worker id>" }');
    return { stopped: await workers.stop(id) };
  });
  ctx.addCommand('gearman.server.listLocalWorkers', () => workers.list());
  ctx.onShutdown(() => workers.stopAll());
}
