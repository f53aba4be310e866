// Status bar item with overall server health; clicking it focuses the Gearman view.
import * as vscode from 'vscode';
import type { RegistryStore } from '../registryStore';
import { statusBarText, inert } from './labels';

/** `Gearman: 2/3 servers` (`· paused` while nothing polls), with a warning background when any server is down. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gearman.health', vscode.StatusBarAlignment.Left, 10);
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: RegistryStore) {
    this.item.name = 'Gearman servers';
    this.item.command = 'gearman.focus';
    this.sub = store.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  private update(): void {
    const servers = this.store.list();
    const down = servers.filter((s) => s.health === 'down');
    const polling = this.store.polling;
    this.item.text = `$(server) ${statusBarText(servers, polling)}`;
    this.item.tooltip =
      servers.length === 0
        ? 'Gearman: waiting for the language server'
        : [
            polling
              ? undefined
              : 'Paused: no Gearman view or open file needs server data, so nothing is polled. Click to open the Gearman view and watch the servers. As last seen:',
            this.store.usingDefault ? 'No servers configured; using localhost:4730.' : undefined,
            ...servers.map((s) => `${inert(s.name)}: ${s.health}${s.error ? ` (${inert(s.error, 200)})` : ''}`),
          ]
            .filter(Boolean)
            .join('\n');
    this.item.backgroundColor = down.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
