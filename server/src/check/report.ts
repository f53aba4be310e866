// gearman-check's outputs: compiler-style text, JSON, SARIF 2.1.0 (code scanning) and GitHub
// workflow annotations. Lines and columns are 1-based; columns count UTF-16 code units, as LSP does.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { NO_LIVE_WORKER, UNKNOWN_FUNCTION, type NameDiagnosticData } from '../features/callSites/diagnose';
import type { Format } from './args';
import type { CheckResult, Finding } from './run';

/** The checker's version (the extension's). */
export const VERSION = '0.1.0';

const LEVEL: Record<number, 'error' | 'warning' | 'information' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function where(f: Finding) {
  const r = f.diagnostic.range;
  return {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

const severity = (f: Finding) => LEVEL[f.diagnostic.severity ?? DiagnosticSeverity.Error];
const code = (f: Finding) => String(f.diagnostic.code ?? UNKNOWN_FUNCTION);
const message = (f: Finding) =>
  typeof f.diagnostic.message === 'string' ? f.diagnostic.message : f.diagnostic.message.value;

/** The report in `format`, ending with a newline. */
export function formatReport(result: CheckResult, format: Format, root: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(result), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(result, root), null, 2)}\n`;
    case 'github':
      return result.findings.map(toAnnotation).join('');
    default:
      return result.findings
        .map((f) => {
          const w = where(f);
          return `${f.path}:${w.line}:${w.column}: ${severity(f)}: ${message(f)} [${code(f)}]\n`;
        })
        .join('');
  }
}

/** One line for the end of a run: what was checked and found. */
export function summary(result: CheckResult): string {
  const n = result.findings.length;
  const files = new Set(result.findings.map((f) => f.path)).size;
  const against = result.servers.length
    ? ` against ${result.servers.join(', ')} and the worker code`
    : ' against the worker code and gearman.knownFunctions';
  const found = n
    ? `${n} ${n === 1 ? 'problem' : 'problems'} in ${files} ${files === 1 ? 'file' : 'files'}`
    : 'no problems';
  return `gearman-check: ${found}; ${result.sites} call sites in ${result.files} files checked${against}.`;
}

function toJson(r: CheckResult) {
  return {
    version: VERSION,
    files: r.files,
    sites: r.sites,
    servers: r.servers,
    problems: r.problems,
    skipped: r.skipped.map((s) => s.message),
    findings: r.findings.map((f) => {
      const data = f.diagnostic.data as NameDiagnosticData | undefined;
      return {
        file: f.path,
        ...where(f),
        severity: severity(f),
        code: code(f),
        message: message(f),
        ...(data ? { name: data.name, wireName: data.wireName, ...(data.via ? { constant: data.via.name } : {}) } : {}),
      };
    }),
  };
}

const RULES = [
  {
    id: UNKNOWN_FUNCTION,
    name: 'UnknownFunction',
    shortDescription: { text: 'A submitted Gearman function name that no worker registers' },
    fullDescription: {
      text: 'The code submits a job to a function that no worker code in the repository registers, that gearman.knownFunctions does not list, and (with --server) that no live worker serves.',
    },
    defaultConfiguration: { level: 'error' as const },
  },
  {
    id: NO_LIVE_WORKER,
    name: 'NoLiveWorker',
    shortDescription: { text: 'A function the repository registers has no worker on the checked servers' },
    fullDescription: {
      text: 'Worker code in the repository registers the name, but no worker for it is connected to the servers given with --server.',
    },
    defaultConfiguration: { level: 'warning' as const },
  },
];

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function toSarif(r: CheckResult, root: string) {
  const rootUri = `${pathToFileURL(root).href.replace(/\/$/, '')}/`;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gearman-check', version: VERSION, semanticVersion: VERSION, rules: RULES } },
        originalUriBaseIds: { SRCROOT: { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results: r.findings.map((f) => {
          const w = where(f);
          const ruleIndex = RULES.findIndex((x) => x.id === code(f));
          return {
            ruleId: code(f),
            ...(ruleIndex >= 0 ? { ruleIndex } : {}),
            level: SARIF_LEVEL[severity(f)],
            message: { text: message(f) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
                  region: { startLine: w.line, startColumn: w.column, endLine: w.endLine, endColumn: w.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}

// Workflow commands: data escapes %, CR and LF; property values also : and ,.
const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function toAnnotation(f: Finding): string {
  const w = where(f);
  const kind = severity(f) === 'error' ? 'error' : severity(f) === 'warning' ? 'warning' : 'notice';
  const props = `file=${escProp(f.path)},line=${w.line},col=${w.column},endLine=${w.endLine},endColumn=${w.endColumn},title=${escProp(`gearman ${code(f)}`)}`;
  return `::${kind} ${props}::${escData(message(f))}\n`;
}
