// "Find Usages in Code" on a function row: the language server's index knows every call site of
// a name (client calls and worker registrations); they are offered in a quick pick that previews
// each place as it is highlighted and opens the one chosen.
import * as vscode from 'vscode';
import * as protocol from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { inert } from '../views/labels';
import { targets } from './admin';
import { askText, newPicker } from './ask';

const ROLE: Record<string, string> = { submit: 'client call', register: 'worker registration' };

/** Finds where the function of the selected row is submitted or served in the workspace's code. */
export async function findUsages(ctx: Ctx, node?: unknown, selected?: unknown): Promise<void> {
  const fn = targets(ctx, node, selected).find((n) => n.kind === 'function');
  const name =
    fn?.kind === 'function'
      ? fn.info.name
      : await askText({ title: 'Find usages in code', prompt: 'The Gearman function name' });
  if (!name) return;
  const { usages, indexing } = await ctx.client.sendRequest(protocol.functionUsages, { function: name });
  const shown = inert(name, 80);
  if (usages.length === 0) {
    void vscode.window.showInformationMessage(
      `Gearman: no code in this workspace submits or serves "${shown}"${indexing ? ' (the workspace is still being indexed; try again when it is done)' : ''}.`,
    );
    return;
  }
  const items = usages.map((u) => ({
    label: `${inert(u.place, 200)}:${u.range.start.line + 1}`,
    description: ROLE[u.role] ?? u.role,
    usage: u,
  }));
  const pick = newPicker<(typeof items)[number]>();
  pick.title = `Usages of "${shown}" in code: ${usages.length}${indexing ? ' (still indexing)' : ''}`;
  pick.placeholder = 'Choose a place to open it';
  pick.items = items;
  pick.matchOnDescription = true;
  const open = (u: protocol.FunctionUsage, preview: boolean) =>
    vscode.window.showTextDocument(vscode.Uri.parse(u.uri), {
      selection: new vscode.Range(u.range.start.line, u.range.start.character, u.range.end.line, u.range.end.character),
      preview,
      preserveFocus: preview,
    });
  pick.onDidChangeActive((a) => {
    if (a[0]) void open(a[0].usage, true).then(undefined, () => undefined);
  });
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (chosen) void open(chosen.usage, false);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}
