// NameDiagnostics driven directly (no LSP): open documents always, the workspace when the scope
// says so, only changes sent, bounded, cleared when the scope goes back; and the quick fixes and
// lenses offered only where the editor can use them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { CallSite } from '../../../../../server/src/analysis';
import { applyPoll, initialSnapshot } from '../../../../../server/src/registry/snapshot';
import { MAX_WORKSPACE_FILES, NameDiagnostics } from '../../../../../server/src/features/callSites/diagnostics';
import { excluder } from '../../../../../server/src/features/callSites/fileWalk';
import { lensesFor, quickFixes } from '../../../../../server/src/features/callSites/fixes';
import { LiveView } from '../../../../../server/src/features/callSites/liveView';
import { checkContext } from '../../../../../server/src/features/callSites/workspaceChecks';
import { WorkspaceIndex } from '../../../../../server/src/features/callSites/workspaceIndex';
import { makeAnalyzer } from '../../analysis/support';

const NOW = 1_700_000_000_000;
const analyzer = makeAnalyzer();
const dir = mkdtempSync(join(tmpdir(), 'gearman-namediag-'));
const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;
const server = applyPoll(
  initialSnapshot({ id: '10.0.0.5:4730', name: 'prod', host: '10.0.0.5', port: 4730, source: 'user' }),
  {
    status: [{ name: 'resize_image', queued: 0, running: 0, workers: 1 }],
    workers: [{ fd: '5', address: '10.0.0.9', clientId: 'w', functions: ['resize_image'] }],
  },
  NOW - 1000,
);

function site(name: string, line = 1): CallSite {
  return {
    name,
    wireName: name,
    role: 'submit',
    call: 'doNormal',
    range: { start: { line, character: 10 }, end: { line, character: 10 + name.length } },
  };
}

afterAll(() => {
  analyzer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('NameDiagnostics', () => {
  const index = new WorkspaceIndex(analyzer);
  const open = new Map<string, CallSite[]>();
  const sent: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  let needs = false;
  const diags = new NameDiagnostics({
    send: (p) => sent.push(p),
    trees: { sites: (uri) => open.get(uri) },
    index,
    version: () => 1,
    checks: () =>
      checkContext(
        index,
        new LiveView([server], NOW, 60_000),
        { knownFunctions: [], unknownSeverity: 'error' },
        (u) => u,
        { now: NOW },
      ),
    afterPass: (n) => {
      needs = n;
    },
    log: (_l, m) => logs.push(m),
  });
  const sentTo = (uri: string) => sent.filter((p) => p.uri === uri);

  beforeAll(async () => {
    writeFileSync(join(dir, 'a.php'), "<?php\n$c->doNormal('typo_a', $x);\n");
    writeFileSync(join(dir, 'b.php'), "<?php\n$c->doNormal('resize_image', $x);\n");
    writeFileSync(join(dir, 'c.py'), "client.submit_job('typo_c', b'')\n");
    await index.rebuild([dir], excluder([]));
  });

  it('checks open documents, sending a file again only when its diagnostics change', async () => {
    open.set('untitled:1', [site('typo_open')]);
    diags.open('untitled:1');
    await diags.settled();
    expect(sentTo('untitled:1').map((p) => p.diagnostics.map((d) => d.code))).toEqual([['unknown-function']]);
    diags.changed('untitled:1');
    await diags.settled();
    expect(sentTo('untitled:1')).toHaveLength(1);
    expect(sent.some((p) => p.uri === uriOf('a.php'))).toBe(false);
    expect(needs).toBe(true);
  });

  it('publishes every indexed file with findings in workspace scope, and nothing for clean ones', async () => {
    diags.setScope('workspace');
    await diags.settled();
    expect(sentTo(uriOf('a.php')).map((p) => p.diagnostics[0].message)).toEqual([expect.stringContaining("'typo_a'")]);
    expect(sentTo(uriOf('c.py'))).toHaveLength(1);
    expect(sentTo(uriOf('b.php'))).toEqual([]);
    diags.refreshAll();
    await diags.settled();
    expect(sentTo(uriOf('a.php'))).toHaveLength(1);
  });

  it('leaves a file to its open document while it is open, and back to the index when it closes', async () => {
    const a = uriOf('a.php');
    open.set(a, [site('typo_edited')]);
    diags.open(a);
    await diags.settled();
    expect(sentTo(a).at(-1)!.diagnostics[0].message).toContain("'typo_edited'");
    diags.close(a);
    await diags.settled();
    expect(sentTo(a).at(-1)!.diagnostics[0].message).toContain("'typo_a'");
  });

  it('clears the workspace files when the scope goes back to open files', async () => {
    diags.setScope('openFiles');
    await diags.settled();
    expect(sentTo(uriOf('a.php')).at(-1)!.diagnostics).toEqual([]);
    expect(sentTo(uriOf('c.py')).at(-1)!.diagnostics).toEqual([]);
    expect(sentTo('untitled:1').at(-1)!.diagnostics).toHaveLength(1);
  });

  it(`publishes at most ${MAX_WORKSPACE_FILES} workspace files and says how many it left out`, async () => {
    const big = mkdtempSync(join(tmpdir(), 'gearman-namediag-big-'));
    try {
      for (let i = 0; i < MAX_WORKSPACE_FILES + 7; i++)
        writeFileSync(join(big, `f${i}.py`), `client.submit_job('typo_${i}', b'')\n`);
      const bigIndex = new WorkspaceIndex(analyzer);
      await bigIndex.rebuild([big], excluder([]));
      const out: PublishDiagnosticsParams[] = [];
      const said: string[] = [];
      const d = new NameDiagnostics({
        send: (p) => out.push(p),
        trees: { sites: () => undefined },
        index: bigIndex,
        version: () => undefined,
        checks: () =>
          checkContext(
            bigIndex,
            new LiveView([server], NOW, 60_000),
            { knownFunctions: [], unknownSeverity: 'error' },
            (u) => u,
            { now: NOW },
          ),
        log: (_l, m) => said.push(m),
      });
      d.setScope('workspace');
      await d.settled();
      expect(out).toHaveLength(MAX_WORKSPACE_FILES);
      expect(said).toEqual([
        `Gearman: function-name problems in 7 more files are not shown (at most ${MAX_WORKSPACE_FILES} files are published; run gearman-check for all of them).`,
      ]);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describe('what other editors are offered', () => {
  const index = new WorkspaceIndex(analyzer);
  const facts = {
    live: new LiveView([server], NOW, 60_000),
    index,
    known: new Set<string>(),
    describe: (u: string) => u,
  };
  const d: Diagnostic = {
    range: site('resize_imag').range,
    source: 'gearman',
    code: 'unknown-function',
    message: 'x',
    data: { name: 'resize_imag', wireName: 'resize_imag' },
  };

  it('no quick fix at all for a client without code action literals; no settings fix outside VS Code', () => {
    expect(quickFixes(facts, 'file:///c.php', [d], { edits: false, knownFunctions: false })).toEqual([]);
    expect(quickFixes(facts, 'file:///c.php', [d], { edits: true, knownFunctions: false }).map((a) => a.title)).toEqual(
      ["Did you mean 'resize_image'?"],
    );
    expect(quickFixes(facts, 'file:///c.php', [d], { edits: true, knownFunctions: true }).map((a) => a.title)).toEqual([
      "Did you mean 'resize_image'?",
      "Add 'resize_imag' to gearman.knownFunctions",
    ]);
  });

  it('"Submit test job" only where the editor has the command', () => {
    expect(lensesFor(facts, [site('resize_image')], { submit: false }).map((l) => l.command!.title)).toEqual([
      '1 worker · 0 queued',
    ]);
    expect(lensesFor(facts, [site('resize_image')], { submit: true }).map((l) => l.command!.title)).toEqual([
      'Submit test job',
      '1 worker · 0 queued',
    ]);
  });
});
