// The settings of the function-name checks, read from the raw `gearman` section. VS Code sends
// nested objects (`index: { exclude }`); other editors may send dotted keys (`index.exclude`).
import type { CallPattern, Role } from '../analysis';
import { settingAt, type RawSettings } from './read';

/** How a name no worker registers is reported. */
export type UnknownSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Which files get function-name diagnostics: the open ones, or every indexed file. */
export type DiagnosticsScope = 'openFiles' | 'workspace';

/** Validated function-name settings. */
export interface NameSettings {
  callPatterns: CallPattern[];
  functionPrefix: string;
  indexExclude: string[];
  knownFunctions: string[];
  unknownSeverity: UnknownSeverity;
  diagnosticsScope: DiagnosticsScope;
  /** One readable line per entry that was ignored. */
  problems: string[];
}

/** Folders never worth indexing, unless the user lists their own `gearman.index.exclude`. */
export const DEFAULT_INDEX_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

const ROLES: Role[] = ['submit', 'register', 'other'];
const SEVERITIES: UnknownSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];
const SCOPES: DiagnosticsScope[] = ['openFiles', 'workspace'];

function strings(v: unknown, key: string, problems: string[]): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) {
    problems.push(`gearman.${key} must be a list of strings; it is ignored.`);
    return undefined;
  }
  const out = v.filter((x): x is string => typeof x === 'string');
  if (out.length !== v.length) problems.push(`gearman.${key}: entries that are not strings are ignored.`);
  return out;
}

function pattern(v: unknown, i: number, problems: string[]): CallPattern | undefined {
  const where = `gearman.callPatterns[${i}]`;
  if (!v || typeof v !== 'object') {
    problems.push(
      `${where} must be an object like { "language": "php", "call": "dispatch", "argument": 0, "role": "submit" }; it is ignored.`,
    );
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const missing = ['language', 'call'].filter((k) => typeof o[k] !== 'string' || !(o[k] as string).trim());
  if (missing.length) {
    problems.push(`${where} needs ${missing.map((m) => `"${m}"`).join(' and ')} (text); it is ignored.`);
    return undefined;
  }
  const argument = o.argument ?? 0;
  if (!(
    typeof argument === 'string' ||
    (typeof argument === 'number' && Number.isInteger(argument) && argument >= 0)
  )) {
    problems.push(`${where}: "argument" must be a position (0, 1, ...) or a keyword name; it is ignored.`);
    return undefined;
  }
  const role = (o.role ?? 'submit') as Role;
  if (!ROLES.includes(role)) {
    problems.push(`${where}: "role" must be one of ${ROLES.join(', ')}; it is ignored.`);
    return undefined;
  }
  return {
    language: o.language as string,
    call: o.call as string,
    argument,
    role,
    ...(typeof o.prefix === 'string' ? { prefix: o.prefix } : {}),
    ...(typeof o.library === 'string' ? { library: o.library } : { library: 'user pattern' }),
  };
}

/** Reads and validates the function-name settings. */
export function parseNameSettings(s: RawSettings): NameSettings {
  const problems: string[] = [];
  const rawPatterns = settingAt(s, 'callPatterns');
  const callPatterns: CallPattern[] = [];
  if (Array.isArray(rawPatterns))
    rawPatterns.forEach((p, i) => {
      const c = pattern(p, i, problems);
      if (c) callPatterns.push(c);
    });
  else if (rawPatterns !== undefined && rawPatterns !== null)
    problems.push('gearman.callPatterns must be a list of patterns; it is ignored.');
  const prefix = settingAt(s, 'functionPrefix');
  if (prefix !== undefined && prefix !== null && typeof prefix !== 'string')
    problems.push('gearman.functionPrefix must be text; it is ignored.');
  const severity = settingAt(s, 'diagnostics.unknownFunctionSeverity');
  const unknownSeverity = SEVERITIES.includes(severity as UnknownSeverity) ? (severity as UnknownSeverity) : 'error';
  if (severity !== undefined && severity !== null && unknownSeverity !== severity) {
    problems.push(
      `gearman.diagnostics.unknownFunctionSeverity must be one of ${SEVERITIES.join(', ')}; "error" is used.`,
    );
  }
  const scope = settingAt(s, 'diagnostics.scope');
  const diagnosticsScope = SCOPES.includes(scope as DiagnosticsScope) ? (scope as DiagnosticsScope) : 'openFiles';
  if (scope !== undefined && scope !== null && diagnosticsScope !== scope) {
    problems.push(`gearman.diagnostics.scope must be "openFiles" or "workspace"; "openFiles" is used.`);
  }
  return {
    callPatterns,
    functionPrefix: typeof prefix === 'string' ? prefix : '',
    indexExclude: strings(settingAt(s, 'index.exclude'), 'index.exclude', problems) ?? DEFAULT_INDEX_EXCLUDE,
    knownFunctions: strings(settingAt(s, 'knownFunctions'), 'knownFunctions', problems) ?? [],
    unknownSeverity,
    diagnosticsScope,
    problems,
  };
}
