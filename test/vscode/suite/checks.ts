// API-level checks of the Gearman extension, run inside a real extension host: by the
// @vscode/test-electron suite (suite/index.ts) in VS Code desktop, and by the probe
// extension (probe/extension.ts) in code-server.
import * as vscode from 'vscode';
import { startFake } from '../../integration/adminFakes';

/** The Gearman extension's id (publisher.name). */
export const GEARMAN_EXTENSION_ID = 'gearman-tools.gearman-vscode';

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface Manifest {
  contributes?: { commands?: { command: string }[] };
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
  const results = [
    await check('the extension is installed', () => {
      must(
        ext,
        `${GEARMAN_EXTENSION_ID} is not installed; extensions seen: ${vscode.extensions.all
          .map((e) => e.id)
          .filter((id) => !id.startsWith('vscode.'))
          .join(', ')}`,
      );
      return `${ext.id}@${(ext.packageJSON as { version: string }).version} at ${ext.extensionPath}`;
    }),
  ];
  if (!ext) return results;
  results.push(
    await check('it activates', async () => {
      await ext.activate();
      must(ext.isActive, 'activate() resolved but isActive is false');
      return 'active';
    }),
  );
  results.push(
    await check('every command it contributes has a handler once active', async () => {
      const contributed = ((ext.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
      must(contributed.length > 0, 'the manifest contributes no commands');
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((id) => !registered.has(id));
      must(missing.length === 0, `no handler for ${missing.join(', ')}`);
      return `${contributed.length} commands`;
    }),
  );
  results.push(
    await check('the workbench registered the view container and the view', async () => {
      const commands = await vscode.commands.getCommands(false);
      // The workbench adds an "open" command per view container and a "focus" command per view it accepted.
      for (const id of ['workbench.view.extension.gearman', 'gearman.servers.focus'])
        must(commands.includes(id), `no command ${id}`);
      return 'workbench.view.extension.gearman, gearman.servers.focus';
    }),
  );
  results.push(
    await check('the Servers view opens and the servers it shows are polled', async () => {
      // Nothing is polled while no Gearman view is visible and no document needs names.
      const fake = await startFake((line, sock) => sock.write(line === 'version' ? 'OK 1.1.20\n' : '.\n'));
      const config = vscode.workspace.getConfiguration('gearman');
      const before = config.inspect('servers')?.globalValue;
      try {
        await config.update(
          'servers',
          [{ name: 'probe', host: '127.0.0.1', port: fake.port }],
          vscode.ConfigurationTarget.Global,
        );
        await vscode.commands.executeCommand('workbench.view.extension.gearman');
        await vscode.commands.executeCommand('gearman.servers.focus');
        await fake.waitForCount('status', 1, 30_000).catch(() => {
          throw new Error(
            `the server in the opened view was not polled (it got: ${fake.lines.join(', ') || 'nothing'})`,
          );
        });
        return `polled: ${[...new Set(fake.lines)].join(', ')}`;
      } finally {
        await config.update('servers', before, vscode.ConfigurationTarget.Global);
        await fake.close();
      }
    }),
  );
  return results;
}
