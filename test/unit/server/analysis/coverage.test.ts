// The coverage table in server/queries/README.md is the list of every call of every claimed
// library: each row must be a rule of server/queries (and every rule a row), and each row's
// fixture must hold a call that this very rule (alone, with its argument position or keyword)
// finds. A call added to a table without a fixture, or a fixture that stops exercising its row,
// fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LanguageSpec, TableRow } from '../../../../server/src/analysis/languageSpec';
import { scanners } from '../../../../server/src/analysis/scanners';
import { compileTable, resolve } from '../../../../server/src/analysis/table';
import { fixturesDir, loadFixture, makeAnalyzer, repoRoot } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const queriesDir = join(repoRoot, 'server', 'queries');

/** One row of the coverage table. */
interface CoverageRow {
  language: string;
  library: string;
  call: string;
  /** `0`, `task=`, `-f`, `query` (a query pattern) or `method name` (Net_Gearman magic calls). */
  argument: string;
  role: 'submit' | 'register' | 'other';
  fixture: string;
}

function coverageRows(): CoverageRow[] {
  const text = readFileSync(join(queriesDir, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Coverage'));
  const rows: CoverageRow[] = [];
  for (const line of section.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 6 || cells[0] === 'language' || cells[0].startsWith('---')) continue;
    const [language, library, call, argument, role, fixture] = cells;
    rows.push({
      language,
      library,
      call: call.replace(/`/g, ''),
      argument: argument.replace(/`/g, ''),
      role: role as CoverageRow['role'],
      fixture,
    });
  }
  return rows;
}

/** Every rule of the data files, as the table would name it. */
function declaredRules(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(queriesDir)) {
    const lang = f.replace(/\.(json|scm)$/, '');
    const text = readFileSync(join(queriesDir, f), 'utf8');
    if (f.endsWith('.json')) {
      const spec = JSON.parse(text) as { calls?: TableRow[]; magicMethods?: { className: string; role: string }[] };
      for (const row of spec.calls ?? []) {
        for (const call of [row.call].flat()) out.push(key(lang, call, argumentText(row.argument), row.role));
      }
      for (const m of spec.magicMethods ?? []) out.push(key(lang, `${m.className}::__call`, 'method name', m.role));
    } else if (f.endsWith('.scm')) {
      for (const m of text.matchAll(/#set! role "(\w+)"\)\s*\(#set! call "([^"]+)"/g))
        out.push(key(lang, m[2], 'query', m[1]));
    }
  }
  return [...new Set(out)].sort();
}

const key = (lang: string, call: string, argument: string, role: string) => `${lang} ${call} ${argument} ${role}`;
const argumentText = (a: number | string) => (typeof a === 'number' ? String(a) : a.startsWith('-') ? a : `${a}=`);

/** The data file a language's rows live in (C and TS reuse the C++ and JavaScript tables). */
function ruleOf(row: CoverageRow): { spec: LanguageSpec; rule?: TableRow } {
  const spec = analyzer.spec(row.language)!;
  const raw = JSON.parse(readFileSync(join(queriesDir, `${row.language}.json`), 'utf8')) as { calls?: TableRow[] };
  const rule = (raw.calls ?? []).find(
    (r) => [r.call].flat().includes(row.call) && argumentText(r.argument) === row.argument && r.role === row.role,
  );
  return { spec, rule };
}

/** Names that `rule` alone (for `call`) finds in a fixture. */
async function foundByRule(file: string, call: string, rule: TableRow): Promise<string[]> {
  const languageId = analyzer.languageForPath(file)!;
  await analyzer.ready(languageId);
  const spec = analyzer.spec(languageId)!;
  const { text } = loadFixture(file);
  const tree = analyzer.parse(spec, text);
  try {
    const ex = tree ? analyzer.extraction(spec, tree) : scanners.get(spec.scanner!)!(text);
    const table = compileTable([{ ...rule, call }], [], spec.arguments, spec.ignoreCase, spec.constants);
    return resolve(ex, table)
      .filter((r) => r.call === call && r.role === rule.role)
      .map((r) => r.str.value);
  } finally {
    tree?.delete();
  }
}

const rows = coverageRows();

describe('coverage table of server/queries/README.md', () => {
  it('lists every rule of the data files, and nothing else', () => {
    const listed = [...new Set(rows.map((r) => key(r.language, r.call, r.argument, r.role)))].sort();
    expect(listed).toEqual(declaredRules());
  });

  it('names fixtures that exist and languages whose tables hold the row', () => {
    const fixtures = new Set(readdirSync(fixturesDir));
    for (const r of rows) {
      expect(fixtures.has(r.fixture), `${r.fixture} (row ${r.call})`).toBe(true);
      expect(analyzer.spec(r.language), r.language).toBeDefined();
    }
  });

  for (const r of rows) {
    it(`${r.language} ${r.library}: ${r.call} ${r.argument} (${r.role}) in ${r.fixture}`, async () => {
      if (r.argument === 'query' || r.argument === 'method name') {
        const sites = await analyzer.extract(analyzer.languageForPath(r.fixture)!, loadFixture(r.fixture).text);
        expect(
          sites.filter((s) => s.call === r.call && s.role === r.role).length,
          `${r.call} in ${r.fixture}`,
        ).toBeGreaterThan(0);
        return;
      }
      const { rule } = ruleOf(r);
      expect(rule, `rule for ${r.call} ${r.argument}`).toBeDefined();
      const names = await foundByRule(r.fixture, r.call, rule!);
      expect(names.length, `${r.call} (${r.argument}) finds nothing in ${r.fixture}`).toBeGreaterThan(0);
      // Every name the rule finds is one the fixture marks with this role.
      const marked = loadFixture(r.fixture)
        .expected.filter((e) => e.role === r.role)
        .map((e) => e.name);
      for (const n of names) expect(marked, `${n} found by ${r.call} but not marked in ${r.fixture}`).toContain(n);
    });
  }
});
