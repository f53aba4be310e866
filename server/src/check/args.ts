// gearman-check's command line, read with node's own parseArgs.
import { parseArgs } from 'node:util';
import { CheckError } from './config';

/** Output formats. */
export type Format = 'text' | 'json' | 'sarif' | 'github';
const FORMATS: Format[] = ['text', 'json', 'sarif', 'github'];

/** What the user asked for. */
export interface CheckArgs {
  paths: string[];
  servers: string[];
  config?: string;
  format: Format;
  progress: boolean;
  help: boolean;
  version: boolean;
}

/** How to call it, printed by --help and after a usage error. */
export const USAGE = `Usage: gearman-check [options] [paths...]

Checks the Gearman function names submitted in the code under paths (default: the current
folder) against the worker code there and gearman.knownFunctions, like the editor does.

Options:
  --server HOST:PORT  also check against the workers live on this gearmand (repeatable);
                      names registered there count, and workspace names with no live worker
                      are reported
  --config FILE       settings file (JSON with comments: VS Code settings.json form, with
                      "gearman.*" keys, or { "gearman": { ... } }); default .vscode/settings.json
  --format FORMAT     text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  --no-progress       no progress line on a terminal
  -h, --help          this text
  --version           the version

Exit status: 0 no findings, 1 findings, 2 usage, settings or connection error.`;

/** Parses argv (without node and the script); throws CheckError on anything it does not understand. */
export function parseCheckArgs(argv: string[]): CheckArgs {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        server: { type: 'string', multiple: true },
        config: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'no-progress': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new CheckError((e as Error).message.replace(/\. To specify.*$/s, ''), true);
  }
  const format = values.format as string;
  if (!FORMATS.includes(format as Format))
    throw new CheckError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`, true);
  const servers = (values.server as string[] | undefined) ?? [];
  for (const s of servers) {
    if (!/^[^\s:/]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(s))
      throw new CheckError(`--server takes HOST:PORT (or HOST, port 4730), not "${s}"`, true);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    servers,
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    format: format as Format,
    progress: !values['no-progress'],
    help: values.help === true,
    version: values.version === true,
  };
}
