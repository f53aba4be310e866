// Owns the language client, the views, the commands and every disposable of the extension.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as protocol from '../../server/src/protocol';
import { createLanguageClient } from './languageClient';
import { RegistryStore } from './registryStore';
import { ServersView } from './views/serversView';
import { answerConfirmations, watchTrust } from './trust';
import { Passphrases } from './secrets';
import { StatusBar } from './views/statusBar';
import { commandFactories } from './commands';
import { errorMessage, registerCommands } from './commands/register';
import { startJobs } from './jobs';
import type { JobHub } from './jobs/jobHub';
import { startQueues } from './commands/queues';
import { listenLoadTests } from './commands/loadTest';

/** The extension's context: what commands and views share. */
export class Ctx {
  readonly log: vscode.LogOutputChannel;
  readonly store = new RegistryStore();
  /** TLS key passphrases, sealed for the server. */
  readonly passphrases: Passphrases;
  client!: LanguageClient;
  /** The Servers view (tree, filter, selection). */
  servers!: ServersView;
  /** Job states, local workers, history and last runs (set once the language client exists). */
  jobs: JobHub | undefined;
  /** The watch alerts open now (set once the language server runs). */
  alerts: (() => protocol.WatchAlert[]) | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Gearman', { log: true });
    this.passphrases = new Passphrases(extension.secrets);
    this.subs.push(this.log, this.store);
  }

  /** True while the language server runs: commands run only then. */
  get running(): boolean {
    return !!this.client?.isRunning();
  }

  /** Starts the language server, then the views that read its registry. */
  async start(): Promise<void> {
    this.subs.push(...registerCommands(this, commandFactories));
    this.servers = new ServersView(
      this.store,
      this.extension.workspaceState,
      async (serverId) => {
        const r = await this.client
          .sendRequest(protocol.adminRequest, { serverId, action: { kind: 'jobs' } })
          .catch((e: unknown) => errorMessage(e));
        return typeof r === 'string' ? r : (r.jobs ?? r.message);
      },
      (filter) => this.sendFilter(filter.text),
    );
    const view = this.servers.view;
    this.subs.push(this.servers, new StatusBar(this.store));

    this.client = createLanguageClient(this.extension, this.log, this.passphrases.sealKey);
    // Before start: the server may ask as soon as it polls.
    this.subs.push(this.passphrases.serve(this.client), answerConfirmations(this.client));
    this.subs.push(startJobs(this), listenLoadTests(this));
    this.subs.push(this.client.onNotification(protocol.logMessage, (e) => this.log[e.level](e.message)));
    this.subs.push(this.client.onNotification(protocol.registryChanged, (d) => this.store.apply(d)));
    this.store.attach(() => this.client.sendRequest(protocol.getRegistry));
    this.subs.push(view.onDidChangeVisibility((e) => this.notifyVisible(e.visible)));
    this.log.info('Starting the Gearman language server');
    await this.client.start();
    this.subs.push(watchTrust(this.client, this.log), startQueues(this));
    await this.store.resync();
    this.sendFilter(this.servers.currentFilter.text);
    this.notifyVisible(view.visible);
  }

  /** The server keeps functions matching the view's filter first when a server has more than maxRows. */
  private sendFilter(text: string): void {
    if (this.running) void this.client.sendNotification(protocol.setViewFilter, { text });
  }

  private notifyVisible(visible: boolean): void {
    void this.client.sendNotification(protocol.setViewVisible, { visible });
  }

  /** Stops the server and disposes everything. */
  async dispose(): Promise<void> {
    try {
      await this.client?.stop();
    } finally {
      for (const d of this.subs.reverse()) d.dispose();
    }
  }
}
