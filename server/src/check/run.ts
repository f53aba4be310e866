// One gearman-check run, headless, on the language server's own parts: the settings parser, the
// analyzer, the workspace index (bounded reads), the registry's pollers for --server, and the
// workspace checks the editor publishes with `gearman.diagnostics.scope: workspace`.
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { CallSiteAnalyzer, type AnalysisPaths } from '../analysis';
import { AdminClient } from '../gearman';
import { Registry } from '../registry/registry';
import { ServerSecrets } from '../registry/secrets';
import { parseRegistrySettings } from '../settings/servers';
import { excluder } from '../features/callSites/fileWalk';
import { LiveView } from '../features/callSites/liveView';
import { checkContext, checkFiles } from '../features/callSites/workspaceChecks';
import { WorkspaceIndex, type SkippedFile } from '../features/callSites/workspaceIndex';
import { CheckError, readConfig } from './config';

/** What to check. */
export interface CheckOptions {
  /** Folder paths are relative to, and where .vscode/settings.json is looked for. */
  root: string;
  paths: string[];
  servers: string[];
  config?: string;
  analysisPaths: AnalysisPaths;
  /** Files read so far out of those listed, while indexing. */
  progress?(done: number, total: number): void;
}

/** One finding: a diagnostic in a file. */
export interface Finding {
  /** Path relative to the root, `/`-separated. */
  path: string;
  diagnostic: Diagnostic;
}

/** Everything a report shows. */
export interface CheckResult {
  findings: Finding[];
  /** Files of a supported language that were read. */
  files: number;
  /** Call sites found in them. */
  sites: number;
  /** Servers checked against (`host:port`). */
  servers: string[];
  /** Settings and pattern problems (the run goes on without the bad values). */
  problems: string[];
  /** Files refused by the bounded reader (devices, FIFOs, files over the size limit). */
  skipped: SkippedFile[];
  /** Where the settings came from. */
  settingsFile?: string;
}

/** Runs the check; throws CheckError for bad arguments, settings that cannot be read, or a server that cannot be reached. */
export async function runCheck(o: CheckOptions): Promise<CheckResult> {
  const config = await readConfig(o.config, o.root);
  const names = config.settings.names;
  const problems = [
    ...config.settings.problems.filter(
      (p) => !p.startsWith('gearman.servers') && !p.startsWith('gearman.refreshInterval'),
    ),
  ];
  const analyzer = new CallSiteAnalyzer(o.analysisPaths);
  try {
    problems.push(...analyzer.setUserPatterns(names.callPatterns));
    analyzer.setPrefix(names.functionPrefix);
    const skipped: SkippedFile[] = [];
    const index = new WorkspaceIndex(analyzer, (s) => skipped.push(s));
    const { folders, files } = await splitPaths(o.root, o.paths);
    const excluded = excluder([...names.indexExclude, ...config.filesExclude]);
    const stats = await index.rebuild(folders, excluded, o.progress);
    for (const f of files) await index.updateFile(f);
    const live = o.servers.length ? await liveView(o.servers) : new LiveView([], Date.now(), 0);
    // Once per file, not once per finding.
    const paths = new Map<string, string>();
    const describe = (uri: string) => {
      let p = paths.get(uri);
      if (p === undefined) paths.set(uri, (p = toRelative(o.root, fileURLToPath(uri))));
      return p;
    };
    const c = checkContext(index, live, names, describe, { offline: o.servers.length === 0 });
    const findings: Finding[] = [];
    let sites = 0;
    for (const [, s] of index.fileSites()) sites += s.length;
    for (const [uri, diagnostics] of checkFiles(index.fileSites(), c)) {
      for (const diagnostic of diagnostics) findings.push({ path: describe(uri), diagnostic });
    }
    findings.sort((a, b) =>
      a.path < b.path
        ? -1
        : a.path > b.path
          ? 1
          : a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
            a.diagnostic.range.start.character - b.diagnostic.range.start.character,
    );
    return {
      findings,
      files: stats.files + files.length,
      sites,
      servers: live.checked.map((s) => s.id),
      problems,
      skipped,
      ...(config.source ? { settingsFile: config.source } : {}),
    };
  } finally {
    analyzer.dispose();
  }
}

async function splitPaths(root: string, paths: string[]): Promise<{ folders: string[]; files: string[] }> {
  const folders: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(root, p);
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw new CheckError(`${p} does not exist; give folders or files to check`);
    if (st.isDirectory()) folders.push(abs);
    else files.push(abs);
  }
  return { folders, files };
}

/** Polls each server once through the registry's own poller; any that does not answer ends the run. */
async function liveView(servers: string[]): Promise<LiveView> {
  const parsed = parseRegistrySettings(servers, undefined);
  if (parsed.problems.length)
    throw new CheckError(parsed.problems.join(' ').replace(/gearman\.servers\[\d+\]/g, '--server'));
  const secrets = new ServerSecrets(undefined);
  const registry = new Registry({
    createAdmin: async (cfg) =>
      new AdminClient(await secrets.endpoint(cfg), { connectTimeoutMs: 5000, commandTimeoutMs: 10_000 }),
    log: () => undefined,
  });
  try {
    registry.configure(parsed);
    await registry.refresh();
    const snapshots = registry.snapshots();
    const down = snapshots.filter((s) => s.health !== 'up');
    if (down.length)
      throw new CheckError(
        down.map((s) => `cannot check against ${s.id}: ${s.error ?? 'it did not answer'}`).join('; '),
      );
    return new LiveView(snapshots, Date.now(), Number.POSITIVE_INFINITY);
  } finally {
    registry.dispose();
  }
}

function toRelative(root: string, path: string): string {
  const rel = relative(root, path);
  return (rel && !rel.startsWith('..') ? rel : path).split(sep).join('/');
}
