// The payload sources the editor itself offers, shared by Submit Job and Load Test: the
// selection, the active file, a file to pick (read by the language server, regular files only,
// at most gearman.jobs.maxPayloadFileMiB) and the `.gearman` block at the cursor.
import * as vscode from 'vscode';

export type EditorSourceId = 'selection' | 'file' | 'pick' | 'block';
export type SourceItem = vscode.QuickPickItem & { id: string };

/** What a source gave: text, a file for the server to read, or a block; undefined when cancelled or gone. */
export type SourcePayload = { text: string } | { file: string } | { block: { uri: string; line: number } };

/** The items of the sources the editor `ed` offers now, in the order they are listed. */
export function editorSourceItems(
  ed: vscode.TextEditor | undefined,
  descriptions: { pick?: string; block: string },
): SourceItem[] {
  const items: SourceItem[] = [];
  if (ed && !ed.selection.isEmpty)
    items.push({
      id: 'selection',
      label: 'Editor selection',
      description: `${ed.document.getText(ed.selection).length} characters`,
    });
  if (ed)
    items.push({ id: 'file', label: 'Active file', description: vscode.workspace.asRelativePath(ed.document.uri) });
  items.push({ id: 'pick', label: 'Pick a file…', ...(descriptions.pick ? { description: descriptions.pick } : {}) });
  if (ed?.document.languageId === 'gearman')
    items.push({ id: 'block', label: 'The .gearman block at the cursor', description: descriptions.block });
  return items;
}

/** Resolves an editor source; `dialogTitle` titles the open dialog of "Pick a file…". */
export async function fromEditorSource(
  id: EditorSourceId,
  ed: vscode.TextEditor | undefined,
  dialogTitle: string,
): Promise<SourcePayload | undefined> {
  switch (id) {
    case 'selection':
      return ed ? { text: ed.document.getText(ed.selection) } : undefined;
    case 'file':
      return ed ? { text: ed.document.getText() } : undefined;
    case 'pick': {
      const uris = await vscode.window.showOpenDialog({ title: dialogTitle, canSelectMany: false });
      return uris?.[0] ? { file: uris[0].fsPath } : undefined;
    }
    case 'block':
      return ed ? { block: { uri: ed.document.uri.toString(), line: ed.selection.active.line } } : undefined;
  }
}

/** True for the ids editorSourceItems gives. */
export function isEditorSource(id: string): id is EditorSourceId {
  return id === 'selection' || id === 'file' || id === 'pick' || id === 'block';
}
