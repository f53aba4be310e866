// Test-only extension, never shipped: installed beside the Gearman .vsix in code-server,
// it runs the API checks in the extension host and writes them where the test reads
// them, and offers a known notification, hover and diagnostic for the page-object tests.
import * as vscode from 'vscode';
import { writeFileSync, renameSync } from 'node:fs';
import { runGearmanChecks } from '../suite/checks';
import { PROBE_DIAGNOSTIC, PROBE_HOVER, PROBE_NOTIFICATION } from './fixtures';

/** Registers the test fixtures, then runs the checks and writes JSON to $GEARMAN_PROBE_OUT. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('gearmanProbe.notify', () => {
      void vscode.window.showWarningMessage(PROBE_NOTIFICATION, 'Retry', 'Dismiss');
    }),
    vscode.languages.registerHoverProvider(
      { scheme: 'file', pattern: '**/*.py' },
      {
        provideHover: (doc, pos) => new vscode.Hover(`${PROBE_HOVER} ${doc.getText(doc.getWordRangeAtPosition(pos))}`),
      },
    ),
  );
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) {
    const diagnostics = vscode.languages.createDiagnosticCollection('gearman-probe');
    const d = new vscode.Diagnostic(new vscode.Range(4, 0, 4, 6), PROBE_DIAGNOSTIC, vscode.DiagnosticSeverity.Warning);
    d.source = 'gearman-probe';
    diagnostics.set(vscode.Uri.joinPath(folder.uri, 'client.py'), [d]);
    context.subscriptions.push(diagnostics);
  }
  const out = process.env.GEARMAN_PROBE_OUT;
  if (!out) return;
  const results = await runGearmanChecks();
  // Write then rename, so the test never reads half a file.
  writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${out}.tmp`, out);
}
