import fc from 'fast-check';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity, SymbolKind } from 'vscode-languageserver';
import {
  codeLenses,
  completions,
  diagnostics,
  documentSymbols,
  foldingRanges,
  parseJobFile,
  type DiagnosticsContext,
} from '../../../../server/src/jobfile/features';
import { serverVerdict, type RuleContext } from '../../../../server/src/features/jobs/jobFileRules';

const r = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});
const dir = path.resolve('/jobs');
const rules: RuleContext = {
  configs: [
    { id: 'localhost:4730', name: 'local', host: 'localhost', port: 4730, source: 'user' },
    { id: '10.0.0.9:4730', name: 'prod', host: '10.0.0.9', port: 4730, source: 'user' },
  ],
  trusted: true,
  folders: [dir],
  maxFileBytes: 1024,
};
const base: DiagnosticsContext = {
  documentDir: dir,
  file: () => ({ kind: 'ok' }),
  server: (v) => serverVerdict(v, rules),
  servers: ['local', 'prod'],
};

const text = [
  '### make thumbnails', // 0
  'SUBMIT resize_imag', // 1
  'server: staging', // 2
  'repeat: 3', // 3
  '', // 4
  '@in/big.png', // 5
  '###', // 6
  'SUBMIT count_lines', // 7
  'server: 10.0.0.5:4730', // 8
  'priority: urgent', // 9
].join('\n');

describe('diagnostics', () => {
  it('passes parse problems through as LSP diagnostics', () => {
    const d = diagnostics(parseJobFile(text), base);
    expect(d).toEqual([
      {
        range: r(9, 10, 9, 16),
        severity: DiagnosticSeverity.Error,
        code: 'bad-priority',
        source: 'gearman',
        message: "priority must be high, normal or low, not 'urgent'",
      },
      expect.objectContaining({ code: 'unknown-server' }),
      expect.objectContaining({ code: 'adhoc-server' }),
    ]);
  });

  it('refuses unknown server names, says an unconfigured host:port will be asked about, accepts configured ones and all', () => {
    const d = diagnostics(parseJobFile(text), base).filter(
      (x) => x.code === 'unknown-server' || x.code === 'adhoc-server',
    );
    expect(d).toEqual([
      {
        range: r(2, 8, 2, 15),
        severity: DiagnosticSeverity.Error,
        code: 'unknown-server',
        source: 'gearman',
        message: "server 'staging' is not configured; write one of local, prod, all (or add it to gearman.servers)",
      },
      {
        range: r(8, 8, 8, 21),
        severity: DiagnosticSeverity.Warning,
        code: 'adhoc-server',
        source: 'gearman',
        message:
          '10.0.0.5:4730 is not one of your configured servers: Submit asks before sending to it (once per session). Add it to gearman.servers to stop being asked.',
      },
    ]);
    expect(
      diagnostics(
        parseJobFile('SUBMIT a\nserver: all\n###\nSUBMIT b\nserver: 10.0.0.9:4730\n###\nSUBMIT c\nserver: prod'),
        base,
      ),
    ).toEqual([]);
    const untrusted = diagnostics(parseJobFile('SUBMIT b\nserver: [::1]:4731'), {
      ...base,
      server: (v) => serverVerdict(v, { ...rules, trusted: false }),
    });
    expect(untrusted).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.Error,
        code: 'adhoc-server',
        message: expect.stringContaining(
          'this workspace is not trusted: nothing is sent to an address a repository names',
        ),
      }),
    ]);
  });

  it('flags functions no worker registers only when the registry is known, with a suggestion', () => {
    const parsed = parseJobFile(text);
    expect(diagnostics(parsed, base).some((x) => x.code === 'unknown-function')).toBe(false);
    const known = new Set(['resize_image', 'count_lines']);
    const d = diagnostics(parsed, { ...base, knownFunctions: known }).filter((x) => x.code === 'unknown-function');
    expect(d).toEqual([
      {
        range: r(1, 7, 1, 18),
        severity: DiagnosticSeverity.Warning,
        code: 'unknown-function',
        source: 'gearman',
        message:
          "no worker registers function 'resize_imag' on staging; the job would wait in the queue. Did you mean 'resize_image'?",
        data: { suggestion: 'resize_image' },
      },
    ]);
    const err = diagnostics(parseJobFile('SUBMIT zzz_totally_else'), {
      ...base,
      knownFunctions: known,
      unknownFunctionSeverity: 'error',
    });
    expect(err).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.Error,
        message: "no worker registers function 'zzz_totally_else' on local, prod; the job would wait in the queue",
      }),
    ]);
    expect(err[0].data).toBeUndefined();
  });

  it('puts the verdict on an @file where the path is: a refusal as an error, a question as a warning', () => {
    const asked: [string, string][] = [];
    const refuse = diagnostics(parseJobFile(text), {
      ...base,
      file: (abs, shown) => (asked.push([abs, shown]), { kind: 'refuse', code: 'file-not-found', message: 'gone' }),
    }).filter((x) => x.code?.toString().startsWith('file'));
    expect(asked).toEqual([[path.join(dir, 'in/big.png'), 'in/big.png']]);
    expect(refuse).toEqual([
      {
        range: r(5, 1, 5, 11),
        severity: DiagnosticSeverity.Error,
        code: 'file-not-found',
        source: 'gearman',
        message: 'gone',
      },
    ]);
    const ask = diagnostics(parseJobFile(text), { ...base, file: () => ({ kind: 'ask', message: 'outside' }) }).filter(
      (x) => x.code === 'file-outside',
    );
    expect(ask).toEqual([
      {
        range: r(5, 1, 5, 11),
        severity: DiagnosticSeverity.Warning,
        code: 'file-outside',
        source: 'gearman',
        message: 'outside',
      },
    ]);
  });
});

describe('codeLenses and documentSymbols', () => {
  it('puts Submit, Submit ×10 and Load Test above each request line', () => {
    const lenses = codeLenses(parseJobFile(text), 'file:///jobs/a.gearman');
    expect(lenses).toEqual([
      {
        range: r(1, 0, 1, 18),
        command: {
          title: '▶ Submit ×3',
          command: 'gearman.submitJobBlock',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 1 }],
        },
      },
      {
        range: r(1, 0, 1, 18),
        command: {
          title: 'Submit ×10',
          command: 'gearman.submitJobBlock',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 1, repeat: 10 }],
        },
      },
      {
        range: r(1, 0, 1, 18),
        command: {
          title: 'Load Test…',
          command: 'gearman.loadTest',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 1 }],
        },
      },
      {
        range: r(7, 0, 7, 18),
        command: {
          title: '▶ Submit',
          command: 'gearman.submitJobBlock',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 7 }],
        },
      },
      {
        range: r(7, 0, 7, 18),
        command: {
          title: 'Submit ×10',
          command: 'gearman.submitJobBlock',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 7, repeat: 10 }],
        },
      },
      {
        range: r(7, 0, 7, 18),
        command: {
          title: 'Load Test…',
          command: 'gearman.loadTest',
          arguments: [{ uri: 'file:///jobs/a.gearman', line: 7 }],
        },
      },
    ]);
    expect(codeLenses(parseJobFile(''), 'file:///x')).toEqual([]);
  });

  it('lists one symbol per block, named by function, with the title', () => {
    expect(documentSymbols(parseJobFile(text))).toEqual([
      {
        name: 'resize_imag',
        detail: 'make thumbnails (foreground, ×3)',
        kind: SymbolKind.Function,
        range: r(0, 0, 5, 11),
        selectionRange: r(1, 7, 1, 18),
      },
      {
        name: 'count_lines',
        detail: 'foreground',
        kind: SymbolKind.Function,
        range: r(6, 0, 9, 16),
        selectionRange: r(7, 7, 7, 18),
      },
    ]);
  });
});

describe('foldingRanges', () => {
  it('folds each ### block down to its last non-blank line', () => {
    expect(foldingRanges('intro\n### a\nSUBMIT a\n\nx\n\n\n### b\n###\nSUBMIT c\n')).toEqual([
      { startLine: 1, endLine: 4, kind: 'region' },
      { startLine: 8, endLine: 9, kind: 'region' },
    ]);
  });
});

describe('features never throw', () => {
  it('on any text and any position', () => {
    const pieces = fc.constantFrom(
      '###',
      'SUBMIT ',
      'submit f',
      'priority: ',
      'server:',
      '@',
      '@x',
      '{',
      '"',
      ':',
      ' ',
      '\n',
      '\r\n',
      '#',
      'x',
      'é',
      '\ud800',
    );
    const text = fc.array(pieces, { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.nat(30), fc.nat(30), (t, line, character) => {
        const parsed = parseJobFile(t);
        completions(t, { line, character }, { functions: [{ name: 'f' }], servers: ['local'] });
        diagnostics(parsed, {
          ...base,
          knownFunctions: new Set(['g']),
          file: () => ({ kind: 'refuse', code: 'file-not-found', message: 'x' }),
        });
        codeLenses(parsed, 'file:///x.gearman');
        documentSymbols(parsed);
        foldingRanges(t);
      }),
      { numRuns: 1000 },
    );
  });
});
