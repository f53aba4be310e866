// The last N submissions and their results, kept in the workspace's storage.
import * as vscode from 'vscode';
import { addHistoryEntry, toHistoryEntry, type HistoryEntry } from './historyEntries';
import type { JobState } from './jobState';

const KEY = 'gearman.jobHistory';

/** Reads and writes the history; fires when it changes. */
export class JobHistory implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after every change. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  /** Newest first. */
  list(): HistoryEntry[] {
    return this.state.get<HistoryEntry[]>(KEY, []);
  }

  /** Records a finished job (with a repeat count when it was one of several). */
  async add(job: JobState, repeat = 1): Promise<void> {
    const size = vscode.workspace.getConfiguration('gearman').get<number>('history.size', 50);
    await this.state.update(KEY, addHistoryEntry(this.list(), toHistoryEntry(job, repeat), size));
    this.emitter.fire();
  }

  /** Forgets one entry. */
  async remove(id: string): Promise<void> {
    await this.state.update(
      KEY,
      this.list().filter((e) => e.id !== id),
    );
    this.emitter.fire();
  }

  /** Forgets everything. */
  async clear(): Promise<void> {
    await this.state.update(KEY, []);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
