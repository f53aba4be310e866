// Every quick pick and input box of the extension opens through here, so each one keeps its box
// when focus moves. With a webview as the active editor (a result or load test panel), VS Code
// refocuses the webview just after a command from the palette opens the next box
// (microsoft/vscode#75209; its 50 ms debounce is too short on a busy machine), and a box that
// closes on focus loss vanishes before the user can type. Escape still closes every box.
import * as vscode from 'vscode';

type Items<T> = readonly T[] | Thenable<readonly T[]>;

/** vscode.window.showQuickPick that keeps its box when focus moves. */
export function choose<T extends vscode.QuickPickItem>(
  items: Items<T>,
  options: vscode.QuickPickOptions & { canPickMany: true },
): Thenable<T[] | undefined>;
export function choose<T extends vscode.QuickPickItem | string>(
  items: Items<T>,
  options?: vscode.QuickPickOptions,
): Thenable<T | undefined>;
export function choose<T extends vscode.QuickPickItem | string>(
  items: Items<T>,
  options: vscode.QuickPickOptions = {},
): Thenable<T | T[] | undefined> {
  return vscode.window.showQuickPick(items as Items<vscode.QuickPickItem>, {
    ignoreFocusOut: true,
    ...options,
  }) as Thenable<T | T[] | undefined>;
}

/** vscode.window.showInputBox that keeps its box when focus moves. */
export function askText(options: vscode.InputBoxOptions = {}): Thenable<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
}

/** vscode.window.createQuickPick whose box stays when focus moves. */
export function newPicker<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
  const qp = vscode.window.createQuickPick<T>();
  qp.ignoreFocusOut = true;
  return qp;
}
