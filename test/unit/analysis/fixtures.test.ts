// Every library of shared/reference/client-libraries.md has a fixture written the way its users
// write code; markers give the exact names, ranges and roles expected, and nothing else may match.
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadFixture, makeAnalyzer } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const files = readdirSync(fixturesDir).sort();

describe('call sites per client library', () => {
  it('has a fixture per catalogue library and per negative language', () => {
    expect(files.length).toBeGreaterThanOrEqual(32);
  });

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
});
