// The pure parts of the function-name features: settings, exclusions, live status, the checks
// and the quick fixes, on plain data (the LSP wiring is tested over stdio in test/lsp/callSites.test.ts).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { CallSite } from '../../../../../server/src/analysis';
import type { ServerSnapshot } from '../../../../../server/src/registry/types';
import { parseNameSettings, DEFAULT_INDEX_EXCLUDE } from '../../../../../server/src/settings/names';
import { enabledGlobs, excludedFile, excluder, walkFiles } from '../../../../../server/src/features/callSites/fileWalk';
import { LiveView, duration } from '../../../../../server/src/features/callSites/liveView';
import { CheckMemo, checkSites, uncheckedMessage } from '../../../../../server/src/features/callSites/diagnose';
import { quickFixes, similarNames } from '../../../../../server/src/features/callSites/fixes';
import { WorkspaceIndex } from '../../../../../server/src/features/callSites/workspaceIndex';
import type { NameFacts } from '../../../../../server/src/features/callSites/nameFacts';
import { makeAnalyzer } from '../../analysis/support';

const NOW = 1_700_000_000_000;

function snap(over: Partial<ServerSnapshot>): ServerSnapshot {
  return {
    id: '10.0.0.5:4730',
    name: 'prod',
    host: '10.0.0.5',
    port: 4730,
    tls: false,
    source: 'user',
    health: 'up',
    lastSeen: NOW - 1000,
    functions: [],
    workers: [],
    actions: [],
    revision: 1,
    ...over,
  };
}

function site(name: string, role: CallSite['role'] = 'submit', line = 0, prefix = ''): CallSite {
  return {
    name,
    wireName: prefix + name,
    role,
    call: 'doNormal',
    range: { start: { line, character: 10 }, end: { line, character: 10 + name.length } },
  };
}

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

describe('settings', () => {
  it('reads nested (VS Code) and dotted (other editors) keys, with defaults', () => {
    const nested = parseNameSettings({
      index: { exclude: ['vendor/**'] },
      diagnostics: { unknownFunctionSeverity: 'warning' },
      knownFunctions: ['a'],
      functionPrefix: 'app.',
    });
    expect(nested).toMatchObject({
      indexExclude: ['vendor/**'],
      unknownSeverity: 'warning',
      knownFunctions: ['a'],
      functionPrefix: 'app.',
      problems: [],
    });
    const dotted = parseNameSettings({ 'index.exclude': ['x/**'], 'diagnostics.unknownFunctionSeverity': 'off' });
    expect(dotted).toMatchObject({ indexExclude: ['x/**'], unknownSeverity: 'off' });
    expect(parseNameSettings({})).toMatchObject({
      indexExclude: DEFAULT_INDEX_EXCLUDE,
      unknownSeverity: 'error',
      callPatterns: [],
      knownFunctions: [],
    });
  });

  it('keeps valid call patterns and names what is wrong with the others', () => {
    const s = parseNameSettings({
      callPatterns: [
        { language: 'php', call: 'dispatch', argument: 0, role: 'submit', prefix: 'q.' },
        { language: 'php', argument: 0 },
        { language: 'python', call: 'enqueue', role: 'shout' },
        'nope',
      ],
      diagnostics: { unknownFunctionSeverity: 'loud' },
    });
    expect(s.callPatterns).toEqual([
      { language: 'php', call: 'dispatch', argument: 0, role: 'submit', prefix: 'q.', library: 'user pattern' },
    ]);
    expect(s.problems).toEqual([
      'gearman.callPatterns[1] needs "call" (text); it is ignored.',
      'gearman.callPatterns[2]: "role" must be one of submit, register, other; it is ignored.',
      expect.stringContaining('gearman.callPatterns[3] must be an object'),
      expect.stringContaining('unknownFunctionSeverity must be one of'),
    ]);
    expect(s.unknownSeverity).toBe('error');
  });
});

describe('exclusions and the index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gearman-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prunes excluded folders (files.exclude style and ** globs) and re-reads one changed file', async () => {
    for (const d of ['src', 'node_modules/lib', 'build', '.git']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'src', 'client.py'), "client.submit_job('from_src', b'x')\n");
    writeFileSync(join(dir, 'node_modules', 'lib', 'w.js'), "worker.addFunction('from_modules', f);\n");
    writeFileSync(join(dir, 'build', 'w.js'), "worker.addFunction('from_build', f);\n");
    writeFileSync(join(dir, 'notes.txt'), "submitJob('not_code')\n");
    const ex = excluder([...DEFAULT_INDEX_EXCLUDE, ...enabledGlobs({ '**/build': true, '**/src': false })]);
    expect(excludedFile(ex, 'build/w.js')).toBe(true);
    expect(excludedFile(ex, 'src/client.py')).toBe(false);
    const walked: string[] = [];
    for await (const f of walkFiles([dir], ex, (p) => analyzer.languageForPath(p) !== undefined))
      walked.push(f.path.slice(dir.length + 1));
    expect(walked).toEqual(['src/client.py']);

    const index = new WorkspaceIndex(analyzer);
    expect(await index.rebuild([dir], ex)).toEqual({ files: 1, sites: 1, cancelled: false });
    expect(index.sitesNamed('from_src').map((l) => l.uri)).toEqual([pathToFileURL(join(dir, 'src', 'client.py')).href]);
    writeFileSync(join(dir, 'src', 'client.py'), "worker.register_task('renamed', f)\n");
    expect(await index.updateFile(join(dir, 'src', 'client.py'))).toBe(true);
    expect(index.registered('renamed')).toBe(true);
    expect(index.sitesNamed('from_src')).toEqual([]);
    expect(index.removePath(join(dir, 'src'))).toBe(true);
    expect(index.registered('renamed')).toBe(false);
  });

  it('follows an open document edit by edit: registrations moved, renamed or gone are seen at once', () => {
    const index = new WorkspaceIndex(analyzer);
    const uri = 'file:///ws/w.php';
    const a = site('resize', 'register', 3);
    const b = site('thumb', 'register', 5);
    index.setOpen(uri, [site('typo'), a, b]);
    expect(index.sitesNamed('resize', 'register').map((l) => l.site.range.start.line)).toEqual([3]);
    // An edit above them: the same names on other lines (new site objects).
    index.setOpen(uri, [site('typo'), site('resize', 'register', 4), b]);
    expect(index.sitesNamed('resize', 'register').map((l) => l.site.range.start.line)).toEqual([4]);
    // An edit elsewhere keeps the site objects: what was grouped stays right.
    index.setOpen(uri, [site('typo2'), site('resize', 'register', 4), b]);
    expect(index.sitesNamed('resize', 'register').map((l) => l.site.range.start.line)).toEqual([4]);
    expect(index.sitesNamed('typo2').map((l) => l.site.name)).toEqual(['typo2']);
    index.setOpen(uri, [site('typo2'), site('resized', 'register', 4), b]);
    expect(index.registered('resize')).toBe(false);
    expect(index.registered('resized')).toBe(true);
    expect([...index.names().keys()].sort()).toEqual(['resized', 'thumb', 'typo2']);
  });

  it('lets an open document override its file on disk', () => {
    const index = new WorkspaceIndex(analyzer);
    index.setOpen('untitled:Untitled-1', [site('typed_here', 'register')]);
    expect(index.registered('typed_here')).toBe(true);
    index.closeOpen('untitled:Untitled-1');
    expect(index.registered('typed_here')).toBe(false);
  });
});

describe('live status and checks', () => {
  const reg = (names: string[]) => (name: string) =>
    names.includes(name) ? [{ uri: 'file:///ws/workers/w.php', site: site(name, 'register') }] : [];
  const ctx = (live: LiveView, registered: string[] = [], known: string[] = []) => ({
    live,
    registrations: reg(registered),
    known: new Set(known),
    severity: 'error' as const,
    now: NOW,
    describe: (u: string) => u.replace('file:///ws/', ''),
  });

  it('tells live, pending, stale, unreachable and blocked apart', () => {
    expect(new LiveView([snap({})], NOW, 30_000).status).toBe('live');
    expect(new LiveView([snap({ health: 'unknown', lastSeen: undefined })], NOW, 30_000).status).toBe('pending');
    expect(new LiveView([snap({ lastSeen: NOW - 60_000 })], NOW, 30_000).status).toBe('stale');
    expect(new LiveView([snap({ health: 'down' })], NOW, 30_000).status).toBe('unreachable');
    expect(new LiveView([snap({ health: 'blocked' })], NOW, 30_000).status).toBe('none');
    expect(duration(NOW - 7_500_000, NOW)).toBe('2 h 5 min');
  });

  it('flags unknown names (naming checked and unreachable servers), warns for workspace names without a worker, accepts live and known ones', () => {
    const live = new LiveView(
      [
        snap({
          functions: [
            { name: 'live_fn', queued: 0, running: 0, workers: 2 },
            { name: 'ws_fn', queued: 3, running: 0, workers: 0, workerlessSince: NOW - 300_000 },
          ],
        }),
        snap({ id: '10.0.0.6:4730', name: 'dr', host: '10.0.0.6', health: 'down' }),
      ],
      NOW,
      30_000,
    );
    const d = checkSites(
      [
        site('live_fn'),
        site('ws_fn', 'submit', 1),
        site('typo_fn', 'submit', 2),
        site('other_team', 'submit', 3),
        site('typo_fn', 'register', 4),
      ],
      ctx(live, ['ws_fn'], ['other_team']),
    );
    expect(d.map((x) => [x.range.start.line, x.severity, x.code])).toEqual([
      [1, DiagnosticSeverity.Warning, 'no-live-worker'],
      [2, DiagnosticSeverity.Error, 'unknown-function'],
    ]);
    expect(d[0].message).toBe(
      "'ws_fn' is registered by worker code in this workspace (workers/w.php), but no worker for it is connected to prod (10.0.0.5:4730); without one on prod for 5 min (dr could not be reached and was not checked).",
    );
    expect(d[1].message).toBe(
      "No worker registers 'typo_fn' on prod (10.0.0.5:4730) (dr could not be reached and was not checked), and no worker code in this workspace registers it.",
    );
    expect(d[1].data).toEqual({ name: 'typo_fn', wireName: 'typo_fn' });
  });

  it('says nothing of a name a server may have left out (more functions than maxRows, every kept one busy)', () => {
    const busy = [{ name: 'a_busy', queued: 1, running: 0, workers: 1 }];
    const cut = new LiveView([snap({ functions: busy, functionsOmitted: 5 })], NOW, 30_000);
    expect(cut.mayBeHidden('typo_fn')).toBe(true);
    expect(checkSites([site('typo_fn')], ctx(cut))).toEqual([]);
    // An idle row kept means every row left out was idle: no worker is hiding there.
    const withIdle = new LiveView(
      [snap({ functions: [...busy, { name: 'b_idle', queued: 0, running: 0, workers: 0 }], functionsOmitted: 5 })],
      NOW,
      30_000,
    );
    expect(withIdle.mayBeHidden('typo_fn')).toBe(false);
    expect(checkSites([site('typo_fn')], ctx(withIdle)).map((d) => d.code)).toEqual(['unknown-function']);
  });

  it("keeps a document's diagnostics from check to check only while what they say stays the same", () => {
    const memo = new CheckMemo();
    const live = new LiveView(
      [snap({ functions: [{ name: 'queued_fn', queued: 2, running: 0, workers: 0 }] })],
      NOW,
      30_000,
    );
    const typo = site('typo_fn');
    const queued = site('queued_fn', 'submit', 1);
    const [d1, q1] = checkSites([typo, queued], ctx(live), memo, 'doc');
    const [d2, q2] = checkSites([typo, queued], ctx(live), memo, 'doc');
    expect(d2).toBe(d1);
    expect(q2).toBe(q1);
    // More jobs waiting, a registration appearing, a severity changed: the diagnostic follows.
    const more = new LiveView(
      [snap({ functions: [{ name: 'queued_fn', queued: 5, running: 0, workers: 0 }] })],
      NOW,
      30_000,
    );
    expect(checkSites([typo, queued], ctx(more), memo, 'doc')[1].message).toContain(
      '5 jobs are already waiting for it.',
    );
    expect(checkSites([typo], ctx(live, ['typo_fn']), memo, 'doc')[0].code).toBe('no-live-worker');
    expect(checkSites([typo], { ...ctx(live), severity: 'warning' }, memo, 'doc')[0].severity).toBe(
      DiagnosticSeverity.Warning,
    );
    expect(checkSites([typo], ctx(live, [], ['typo_fn']), memo, 'doc')).toEqual([]);
    // The same name on another line (an edit above it): its diagnostic says where it is now.
    expect(checkSites([site('typo_fn', 'submit', 9)], ctx(live), memo, 'doc')[0].range.start.line).toBe(9);
  });

  it('says with a memo exactly what it says without one, whatever the edits and whatever the servers say', () => {
    const names = ['a', 'b', 'c'];
    const contexts = [
      ctx(new LiveView([snap({})], NOW, 30_000)),
      ctx(new LiveView([snap({ functions: [{ name: 'a', queued: 3, running: 0, workers: 0 }] })], NOW, 30_000), ['b']),
      ctx(
        new LiveView([snap({ functions: [{ name: 'b', queued: 0, running: 0, workers: 1 }] })], NOW, 30_000),
        [],
        ['c'],
      ),
      { ...ctx(new LiveView([snap({ health: 'down' })], NOW, 30_000)), offline: true },
      ctx(new LiveView([snap({ health: 'down' })], NOW, 30_000)),
    ];
    const VIA = { name: 'JOB', definedAt: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } };
    const edit = fc.record({
      at: fc.nat(8),
      kind: fc.constantFrom('rename', 'insert', 'delete', 'move', 'none'),
      name: fc.constantFrom(...names),
      role: fc.constantFrom<CallSite['role']>('submit', 'register'),
      prefix: fc.constantFrom('', 'p.'),
      via: fc.boolean(),
      context: fc.nat(contexts.length - 1),
    });
    const made = (e: { name: string; role: CallSite['role']; prefix: string; via: boolean }, line: number) => ({
      ...site(e.name, e.role, line, e.prefix),
      ...(e.via ? { via: VIA } : {}),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const memo = new CheckMemo();
        let sites = names.map((n, i) => site(n, 'submit', i));
        for (const e of edits) {
          const at = Math.min(e.at, sites.length);
          const next = [...sites];
          if (e.kind === 'rename' && at < next.length) next[at] = made(e, next[at].range.start.line);
          if (e.kind === 'insert') next.splice(at, 0, made(e, at));
          if (e.kind === 'delete') next.splice(at, 1);
          if (e.kind === 'move')
            for (let i = at; i < next.length; i++)
              next[i] = {
                ...next[i],
                range: {
                  start: { line: next[i].range.start.line + 1, character: 10 },
                  end: { line: next[i].range.end.line + 1, character: 12 },
                },
              };
          sites = next;
          memo.nextPass();
          expect(checkSites(sites, contexts[e.context], memo, 'doc')).toEqual(checkSites(sites, contexts[e.context]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('flags nothing while no server answers, and says so in one message', () => {
    const down = new LiveView([snap({ health: 'down' })], NOW, 30_000);
    expect(checkSites([site('anything')], ctx(down))).toEqual([]);
    expect(uncheckedMessage(down)).toContain('no job server could be reached (prod (10.0.0.5:4730))');
    expect(uncheckedMessage(new LiveView([snap({})], NOW, 30_000))).toBeUndefined();
  });
});

describe('quick fixes', () => {
  const facts = (names: string[]): NameFacts => {
    const index = new WorkspaceIndex(analyzer);
    index.setOpen(
      'file:///ws/w.php',
      names.map((n) => site(n, 'register')),
    );
    return {
      live: new LiveView(
        [snap({ functions: [{ name: 'app.count_lines', queued: 0, running: 0, workers: 1 }] })],
        NOW,
        30_000,
      ),
      index,
      known: new Set(),
      describe: (u) => u,
    };
  };

  it('suggests the nearest served names with the same prefix, nearest first', () => {
    const f = facts(['resize_image', 'resize_images', 'rotate_image', 'app.resize_image']);
    expect(similarNames(f, 'resize_imgae', '')).toEqual(['resize_image', 'resize_images']);
    expect(similarNames(f, 'count_line', 'app.')).toEqual(['count_lines']);
    expect(similarNames(f, 'RESIZE_IMAGE', '')[0]).toBe('resize_image');
    expect(similarNames(f, 'completely_else', '')).toEqual([]);
  });

  it('offers "Did you mean" edits and "Add to gearman.knownFunctions" for Gearman diagnostics only', () => {
    const f = facts(['resize_image']);
    const diag = {
      range: site('resize_imgae').range,
      message: 'x',
      source: 'gearman',
      code: 'unknown-function',
      data: { name: 'resize_imgae', wireName: 'resize_imgae' },
    };
    const actions = quickFixes(f, 'file:///ws/c.php', [diag, { ...diag, source: 'php' }]);
    expect(actions.map((a) => a.title)).toEqual([
      "Did you mean 'resize_image'?",
      "Add 'resize_imgae' to gearman.knownFunctions",
    ]);
    expect(actions[0].edit).toEqual({
      changes: { 'file:///ws/c.php': [{ range: diag.range, newText: 'resize_image' }] },
    });
    expect(actions[1].command).toEqual({
      title: 'Add to gearman.knownFunctions',
      command: 'gearman.addKnownFunction',
      arguments: ['resize_imgae'],
    });
  });
});
