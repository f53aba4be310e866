// gearman-check: the language server's function-name analysis, headless, for CI.
// `node dist/check.js [options] [paths...]` (also the package's `gearman-check` bin).
import { bundledAnalysisPaths } from '../analysis';
import { parseCheckArgs, USAGE } from './args';
import { CheckError } from './config';
import { formatReport, summary, VERSION } from './report';
import { runCheck } from './run';

/** Runs the command; resolves with the exit code (0 clean, 1 findings, 2 usage or connection error). */
export async function main(
  argv: string[],
  out: NodeJS.WriteStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  try {
    const args = parseCheckArgs(argv);
    if (args.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (args.version) {
      out.write(`gearman-check ${VERSION}\n`);
      return 0;
    }
    const root = process.cwd();
    // A progress line only where someone watches it: a terminal, and never in the report's stream.
    const tty = args.progress && err.isTTY === true;
    let shown = -1;
    const result = await runCheck({
      root,
      paths: args.paths,
      servers: args.servers,
      ...(args.config !== undefined ? { config: args.config } : {}),
      analysisPaths: bundledAnalysisPaths(__dirname),
      progress: tty
        ? (done, total) => {
            const pct = Math.floor((done * 100) / Math.max(1, total));
            if (pct === shown) return;
            shown = pct;
            err.write(`\rgearman-check: ${done} / ${total} files (${pct}%)`);
          }
        : undefined,
    });
    if (tty && shown >= 0) err.write('\r\x1b[K');
    for (const p of result.problems) err.write(`gearman-check: ${p}\n`);
    for (const s of result.skipped.filter((x) => x.code === 'NOT_REGULAR'))
      err.write(`gearman-check: skipped ${s.message}\n`);
    out.write(formatReport(result, args.format, root));
    err.write(`${summary(result)}\n`);
    return result.findings.length ? 1 : 0;
  } catch (e) {
    if (e instanceof CheckError) {
      err.write(`gearman-check: ${e.message}\n`);
      if (e.usage) err.write('Run gearman-check --help for the options.\n');
      return 2;
    }
    err.write(`gearman-check: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
