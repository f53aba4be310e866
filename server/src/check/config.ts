// gearman-check's settings: the `gearman.*` (and `files.exclude`) of the repository's
// .vscode/settings.json, or of a file given with --config, read as VS Code reads them (JSONC)
// and parsed by the same settings module as the language server.
import { isAbsolute, join, relative } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { FileRefusedError, readBounded } from '../files/readBounded';
import { parseSettings, type Settings } from '../settings';
import { settingsFromInitOptions } from '../settings/read';
import { positionAt } from '../analysis/textPositions';
import { enabledGlobs } from '../features/callSites/fileWalk';

/** Settings files larger than this are refused (VS Code's own are a few KiB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A usage, configuration or connection problem: exit code 2, with a message naming what to fix. */
export class CheckError extends Error {
  /** `usage`: the command line itself was wrong (the message is followed by a pointer to --help). */
  constructor(
    message: string,
    readonly usage = false,
  ) {
    super(message);
    this.name = 'CheckError';
  }
}

/** What the check reads from the settings. */
export interface CheckConfig {
  settings: Settings;
  /** `files.exclude` globs that are switched on. */
  filesExclude: string[];
  /** The file the settings came from, when there was one. */
  source?: string;
}

/** Reads `--config FILE`, else `<root>/.vscode/settings.json` when present, else no settings. */
export async function readConfig(configPath: string | undefined, root: string): Promise<CheckConfig> {
  const path =
    configPath === undefined
      ? join(root, '.vscode', 'settings.json')
      : isAbsolute(configPath)
        ? configPath
        : join(root, configPath);
  const shown = relative(root, path) || path;
  let text: string;
  try {
    text = (await readBounded(path, MAX_CONFIG_BYTES, 'the settings file')).toString('utf8');
  } catch (e) {
    const missing = e instanceof FileRefusedError && e.code === 'NOT_FOUND';
    if (missing && configPath === undefined)
      return { settings: parseSettings({}, { trusted: true, sources: false }), filesExclude: [] };
    throw new CheckError(
      e instanceof FileRefusedError
        ? `${e.message}; give a JSON settings file with --config`
        : `cannot read ${shown}: ${(e as Error).message}`,
    );
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const at = positionAt(text, errors[0].offset);
    throw new CheckError(
      `${shown}:${at.line + 1}:${at.character + 1}: not valid JSON with comments (${printParseErrorCode(errors[0].error)}); fix the file or give another with --config`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CheckError(`${shown} must hold an object of settings, such as { "gearman.knownFunctions": ["resize"] }`);
  const o = value as Record<string, unknown>;
  const files =
    o['files.exclude'] ??
    (o.files && typeof o.files === 'object' ? (o.files as Record<string, unknown>).exclude : undefined);
  return {
    settings: parseSettings(settingsFromInitOptions(o), { trusted: true, sources: false }),
    filesExclude: enabledGlobs(files),
    source: shown,
  };
}
