// The run-time layout of the bundle (dist/wasm, dist/queries), in its own file so that the
// process-wide tree-sitter runtime is started from the bundle path, not from node_modules.
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledAnalysisPaths, CallSiteAnalyzer, sourceAnalysisPaths } from '../../../../server/src/analysis';
import { repoRoot } from './support';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bundle layout', () => {
  it('loads the runtime from dist/wasm/web-tree-sitter.wasm and queries from dist/queries', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'gearman-analysis-'));
    temps.push(dist);
    // Same copies as esbuild.mjs makes.
    cpSync(join(repoRoot, 'node_modules/@vscode/tree-sitter-wasm/wasm'), join(dist, 'wasm'), { recursive: true });
    cpSync(join(repoRoot, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(dist, 'wasm', 'web-tree-sitter.wasm'));
    cpSync(join(repoRoot, 'server/queries'), join(dist, 'queries'), { recursive: true });
    const analyzer = new CallSiteAnalyzer(bundledAnalysisPaths(dist));
    expect((await analyzer.extract('go', 'package m\nfunc f() { c.DoBg("x", nil, 0) }')).map((s) => s.name)).toEqual([
      'x',
    ]);
    analyzer.dispose();
  });

  it('says which data file is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gearman-queries-'));
    temps.push(dir);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(() => new CallSiteAnalyzer({ ...sourceAnalysisPaths(repoRoot), queriesDir: dir })).toThrow(
      /bad\.json is not valid JSON/,
    );
    const dir2 = join(dir, 'two');
    mkdirSync(dir2);
    writeFileSync(join(dir2, 'x.json'), JSON.stringify({ grammar: 'tree-sitter-go.wasm', calls: [] }));
    expect(() => new CallSiteAnalyzer({ ...sourceAnalysisPaths(repoRoot), queriesDir: dir2 })).toThrow(
      /x\.scm is missing/,
    );
  });

  it('says which query does not compile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gearman-queries-'));
    temps.push(dir);
    writeFileSync(join(dir, 'go.json'), JSON.stringify({ grammar: 'tree-sitter-go.wasm', calls: [] }));
    writeFileSync(join(dir, 'go.scm'), '(no_such_node) @method');
    const analyzer = new CallSiteAnalyzer({ ...sourceAnalysisPaths(repoRoot), queriesDir: dir });
    await expect(analyzer.extract('go', 'package m')).rejects.toThrow(/query for go does not compile/);
  });
});
