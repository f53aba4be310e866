// The demo's sample workspace (examples/) shows every call-site feature in each language:
// each client submits a name a demo worker serves, a misspelling of it, and a name only the
// worker code next to it registers. Checked with the real extraction, so a change to the
// queries that would leave the demo blank fails here first (the e2e test shows it on screen).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CallSiteAnalyzer, sourceAnalysisPaths } from '../../server/src/analysis';
import { distance } from 'fastest-levenshtein';

const ROOT = join(__dirname, '../..');
const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(ROOT));
afterAll(() => analyzer.dispose());

/** Names the demo's live workers serve: scripts/demo-gearmand.sh (gearman -w) and examples/workers/sampleWorkers.ts. */
function liveNames(): string[] {
  const cli = [...readFileSync(join(ROOT, 'scripts/demo-gearmand.sh'), 'utf8').matchAll(/-w -f (\w+)/g)].map(
    (m) => m[1],
  );
  const lib = [
    ...readFileSync(join(ROOT, 'examples/workers/sampleWorkers.ts'), 'utf8').matchAll(/\.register\('(\w+)'/g),
  ].map((m) => m[1]);
  return [...cli, ...lib];
}

async function names(file: string, role: 'submit' | 'register'): Promise<string[]> {
  const language = analyzer.languageForPath(file);
  if (!language) throw new Error(`no language for ${file}`);
  const sites = await analyzer.extract(language, readFileSync(join(ROOT, 'examples', file), 'utf8'));
  return sites.filter((s) => s.role === role).map((s) => s.name);
}

describe.each([
  ['php/client.php', 'php/worker.php'],
  ['python/client.py', 'python/worker.py'],
  ['go/client/main.go', 'go/worker/main.go'],
  ['js/client.js', 'js/worker.js'],
])('%s', (client, worker) => {
  it(`submits a live name, a typo of it, and a name only ${worker} registers`, async () => {
    const live = liveNames();
    const submitted = await names(client, 'submit');
    const registered = await names(worker, 'register');
    const served = submitted.filter((n) => live.includes(n));
    const unserved = submitted.filter((n) => !live.includes(n) && registered.includes(n));
    const typos = submitted.filter((n) => !live.includes(n) && !registered.includes(n));
    expect(served.length).toBeGreaterThan(0);
    expect(served.some((n) => registered.includes(n))).toBe(true); // go to the worker code has a target
    expect(unserved.length).toBeGreaterThan(0);
    expect(typos.length).toBeGreaterThan(0);
    for (const t of typos) expect(Math.min(...live.map((n) => distance(n, t)))).toBeLessThanOrEqual(2); // "Did you mean" finds it
  });
});
