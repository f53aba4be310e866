// API-level checks of the Gearman extension, run inside a real extension host: by the
// @vscode/test-electron suite (suite/index.ts) in VS Code desktop, and by the probe
// extension (probe/extension.ts) in code-server.
import * as vscode from 'vscode';

/** The Gearman extension's id (publisher.name). */
export const GEARMAN_EXTENSION_ID = 'gearman-tools.gearman-vscode';

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface Manifest {
  contributes?: {
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

async function check(name: string, body: () => Promise<string> | string): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await body() };
  } catch (e) {
    return { name, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

function must(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** Runs every check and returns all results (never throws). */
export async function runGearmanChecks(): Promise<CheckResult[]> {
  const ext = vscode.extensions.getExtension(GEARMAN_EXTENSION_ID);
  const results = [await check('the extension is installed', () => {
    must(ext, `${GEARMAN_EXTENSION_ID} is not installed; extensions seen: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    return `${ext.id}@${(ext.packageJSON as { version: string }).version} at ${ext.extensionPath}`;
  })];
  if (!ext) return results;
  results.push(await check('it activates', async () => {
    await ext.activate();
    must(ext.isActive, 'activate() resolved but isActive is false');
    return 'active';
  }));
  results.push(await check('its manifest contributes the Gearman view container and the Servers view', () => {
    const c = (ext.packageJSON as Manifest).contributes;
    must(c?.viewsContainers?.activitybar?.some((v) => v.id === 'gearman' && v.title === 'Gearman'), 'no activitybar view container "gearman"');
    must(c?.views?.gearman?.some((v) => v.id === 'gearman.servers' && v.name === 'Servers'), 'no view "gearman.servers" named "Servers"');
    return 'gearman / gearman.servers';
  }));
  results.push(await check('the workbench registered the view container and the view', async () => {
    const commands = await vscode.commands.getCommands(false);
    // The workbench adds an "open" command per view container and a "focus" command per view it accepted.
    for (const id of ['workbench.view.extension.gearman', 'gearman.servers.focus']) must(commands.includes(id), `no command ${id}`);
    return 'workbench.view.extension.gearman, gearman.servers.focus';
  }));
  results.push(await check('the Servers view opens', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.gearman');
    await vscode.commands.executeCommand('gearman.servers.focus');
    return 'opened';
  }));
  return results;
}
