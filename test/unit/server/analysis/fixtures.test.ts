// Every library of shared/reference/client-libraries.md has a fixture written the way its users
// write code; markers give the exact names, ranges and roles expected, and nothing else may match.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadFixture, makeAnalyzer, repoRoot } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const files = readdirSync(fixturesDir).sort();
const queriesDir = join(repoRoot, 'server', 'queries');

/** Every library a call rule names (server/queries/*.json "library", *.scm `#set! library`). */
function declaredLibraries(): string[] {
  const out = new Set<string>();
  for (const f of readdirSync(queriesDir)) {
    const text = readFileSync(join(queriesDir, f), 'utf8');
    const found = f.endsWith('.json')
      ? text.matchAll(/"library":\s*"([^"]+)"/g)
      : f.endsWith('.scm')
        ? text.matchAll(/#set! library "([^"]+)"/g)
        : [];
    for (const m of found) out.add(m[1]);
  }
  return [...out].sort();
}

describe('call sites per client library', () => {
  for (const file of files) {
    it(`finds exactly the marked names in ${file}`, async () => {
      const languageId = analyzer.languageForPath(file);
      expect(languageId, `no language for ${file}`).toBeDefined();
      const { text, expected } = loadFixture(file);
      const sites = await analyzer.extract(languageId!, text);
      expect(sites.map((s) => ({ name: s.name, role: s.role, range: s.range }))).toEqual(expected);
      for (const s of sites) {
        expect(s.wireName).toBe(s.name);
        expect(s.call.length).toBeGreaterThan(0);
        expect(s.library).toBeTruthy();
      }
    });
  }

  it('finds a site of every library the queries name, in some fixture', async () => {
    const seen = new Set<string>();
    for (const file of files) {
      for (const s of await analyzer.extract(analyzer.languageForPath(file)!, loadFixture(file).text))
        seen.add(s.library!);
    }
    expect([...seen].sort()).toEqual(declaredLibraries());
  });

  it('keeps the negative fixtures (look-alike calls that must not match) of these languages', () => {
    expect(files.filter((f) => f.startsWith('negative.'))).toEqual([
      'negative.c',
      'negative.js',
      'negative.php',
      'negative.pl',
      'negative.py',
      'negative.rb',
      'negative.sh',
      'negative.sql',
    ]);
  });
});
