// Activation time of the packaged extension in a real VS Code (code-server, as the e2e tests run
// it), as VS Code itself measures it, and the size of the .vsix. Run by hand:
//   npm run bench:activation [-- --rounds 5]
// (`npm run package` first, so dist/gearman.vsix is the current code). Each round is a fresh
// code-server with a fresh profile and the .vsix installed; the times are VS Code's own, read from
// its "Developer: Startup Performance" view (the "Extension Activation Stats" table), which also
// lists the built-in extensions activated in the same window. Writes its section of
// bench/RESULTS.md and bench/results/activation.json.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, type WorkbenchSession } from '../../test/e2e/support/browser';
import {
  GEARMAN_EXTENSION_ID,
  REPO_ROOT,
  VSIX,
  ensureCodeServer,
  startCodeServer,
} from '../../test/e2e/support/codeServer';
import { loadAverage, machine, median, met, runLine, writeRaw, writeSection, type Machine } from '../results';

const ACTIVATION_TARGET_MS = 50;
const VSIX_TARGET_MB = 5;

/** One row of VS Code's "Extension Activation Stats" (milliseconds). */
interface ActivationStats {
  id: string;
  eager: boolean;
  loadCode: number;
  callActivate: number;
  finishActivate: number;
  event: string;
}

interface ActivationRun {
  date: string;
  machine: Machine;
  load: { start: number[]; end: number[] };
  codeServer: string;
  vsixBytes: number;
  /** Per round, every extension VS Code activated in that window. */
  rounds: ActivationStats[][];
}

/** Parses the "Extension Activation Stats" table of the Startup Performance view's text. */
function parseStats(text: string): ActivationStats[] {
  const at = text.indexOf('## Extension Activation Stats');
  if (at < 0) return [];
  const rows: ActivationStats[] = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (line.startsWith('##')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 6 || !/^\d+$/.test(cells[2])) continue;
    rows.push({
      id: cells[0],
      eager: cells[1] === 'true',
      loadCode: Number(cells[2]),
      callActivate: Number(cells[3]),
      finishActivate: Number(cells[4]),
      event: cells[5],
    });
  }
  return rows;
}

/** Opens Developer: Startup Performance and copies its text until our extension's row is in it. */
async function readStats(session: WorkbenchSession): Promise<ActivationStats[]> {
  const { page, workbench } = session;
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await workbench.runCommand('Developer: Startup Performance');
  const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
  return workbench.waitFor(
    'our row in the Extension Activation Stats of Developer: Startup Performance',
    async () => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      const rows = parseStats(String(await page.evaluate('navigator.clipboard.readText()')));
      return rows.some((r) => r.id === GEARMAN_EXTENSION_ID) ? rows : undefined;
    },
    60_000,
  );
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

/** Starts code-server and Chromium, waits for the extension to activate, reads VS Code's activation stats. */
async function oneRound(): Promise<ActivationStats[]> {
  const server = await startCodeServer({ workspace: join(REPO_ROOT, 'test/e2e/workspace') });
  try {
    const session = await openWorkbench(server);
    try {
      await server.waitForActivation(GEARMAN_EXTENSION_ID, 120_000);
      return await readStats(session);
    } finally {
      await session.close();
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rounds = arg('rounds', 5);
  const run: ActivationRun = {
    date: new Date().toISOString(),
    machine: machine(),
    load: { start: loadAverage(), end: [] },
    codeServer: (JSON.parse(readFileSync(join(ensureCodeServer(), 'package.json'), 'utf8')) as { version: string })
      .version,
    vsixBytes: statSync(VSIX).size,
    rounds: [],
  };
  for (let r = 0; r < rounds; r++) {
    run.rounds.push(await oneRound());
    console.log(`round ${r + 1}:`, JSON.stringify(run.rounds[r].find((x) => x.id === GEARMAN_EXTENSION_ID)));
  }
  run.load.end = loadAverage();
  const raw = writeRaw('activation', run);
  writeSection('activation', '## Extension activation and package size', render(run, raw, rounds));
}

/** Medians over the rounds of each extension's activation, ours first, then the peers seen in every round. */
function render(run: ActivationRun, raw: string, rounds: number): string {
  const ids = [
    GEARMAN_EXTENSION_ID,
    ...new Set(
      run.rounds
        .flat()
        .map((x) => x.id)
        .filter((id) => id !== GEARMAN_EXTENSION_ID),
    ),
  ];
  const rowsOf = (id: string) => run.rounds.map((r) => r.find((x) => x.id === id)).filter((x) => x !== undefined);
  const ours = rowsOf(GEARMAN_EXTENSION_ID);
  const activation = median(ours.map((x) => x.loadCode + x.callActivate));
  const line = (id: string) => {
    const xs = rowsOf(id);
    const m = (f: (x: ActivationStats) => number) => median(xs.map(f));
    const name = id === GEARMAN_EXTENSION_ID ? `**${id}** (this extension)` : id;
    return `| ${name} | ${xs[0].event} | ${xs.length} | ${m((x) => x.loadCode)} | ${m((x) => x.callActivate)} | ${m((x) => x.loadCode + x.callActivate)} | ${m((x) => x.finishActivate)} |`;
  };
  const mib = run.vsixBytes / 1048576;
  return [
    `Command: \`npm run bench:activation${rounds !== 5 ? ` -- --rounds ${rounds}` : ''}\` (packages dist/gearman.vsix first). Date: ${run.date}. code-server ${run.codeServer}, headless Chromium; ` +
      'each round a fresh code-server and profile with the .vsix installed and the e2e test workspace open. ' +
      'Times are VS Code\'s own (Developer: Startup Performance, "Extension Activation Stats"); VS Code\'s "activation time" (as Running Extensions shows it) is code loading + the activate() call.',
    runLine(run.machine, run.load, raw),
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| activation: load code + call activate, median of ${ours.length} rounds | **${activation} ms** (rounds: ${ours.map((x) => x.loadCode + x.callActivate).join(', ')} ms) | < ${ACTIVATION_TARGET_MS} ms: ${met(activation < ACTIVATION_TARGET_MS)} |`,
    `| dist/gearman.vsix (\`npm run package\`) | **${(run.vsixBytes / 1e6).toFixed(2)} MB** (${run.vsixBytes} bytes, ${mib.toFixed(2)} MiB) | < ${VSIX_TARGET_MB} MB: ${met(run.vsixBytes < VSIX_TARGET_MB * 1e6)} |`,
    '',
    'Every extension VS Code activated in the same windows (medians over the rounds it appeared in, ms; "finish activate" is the wait for the promise activate() returned: for this extension, starting the language server and reading its first registry):',
    '',
    '| extension | activation event | rounds | load code | call activate | activation (load + call) | finish activate |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...ids.map(line),
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
