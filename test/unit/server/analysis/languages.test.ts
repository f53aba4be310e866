// Language ids, file extensions and the run-time layout of the bundle (dist/wasm, dist/queries).
import { afterAll, describe, expect, it } from 'vitest';
import { CallSiteAnalyzer, sourceAnalysisPaths } from '../../../../server/src/analysis';
import { repoRoot } from './support';

const LSP_IDS = [
  'php',
  'python',
  'go',
  'java',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'ruby',
  'perl',
  'c',
  'cpp',
  'csharp',
  'rust',
  'shellscript',
  'sql',
];

describe('languages', () => {
  const analyzer = new CallSiteAnalyzer(sourceAnalysisPaths(repoRoot));
  afterAll(() => analyzer.dispose());

  it('knows every LSP language id of the brief and loads each one', async () => {
    for (const id of LSP_IDS) {
      expect(analyzer.spec(id), id).toBeDefined();
      expect(await analyzer.ready(id), id).toBe(true);
    }
    expect(await analyzer.ready('plaintext')).toBe(false);
    expect(await analyzer.extract('plaintext', 'submitJob("x")')).toEqual([]);
  });

  it.each([
    ['src/Worker.php', 'php'],
    ['jobs/tasks.py', 'python'],
    ['cmd/main.go', 'go'],
    ['Client.java', 'java'],
    ['a.js', 'javascript'],
    ['a.mjs', 'javascript'],
    ['a.jsx', 'javascript'],
    ['a.ts', 'typescript'],
    ['a.tsx', 'typescriptreact'],
    ['lib/worker.rb', 'ruby'],
    ['Rakefile', 'ruby'],
    ['lib/Worker.pm', 'perl'],
    ['bin/client.pl', 'perl'],
    ['src/client.c', 'c'],
    ['include/client.h', 'c'],
    ['src/client.cpp', 'cpp'],
    ['Client.cs', 'csharp'],
    ['src/main.rs', 'rust'],
    ['bin/run.sh', 'shellscript'],
    ['db/udf.sql', 'sql'],
    ['C:\\code\\WORKER.PHP', 'php'],
    ['README.md', undefined],
  ])('languageForPath(%s) = %s', (path, id) => {
    expect(analyzer.languageForPath(path)).toBe(id);
  });

  it('reads C with the cpp grammar and TSX with JSX text that is not code', async () => {
    expect(
      (await analyzer.extract('c', 'int main(void) { gearman_worker_add_function(&w, "wc", 0, wc, NULL); }')).map(
        (s) => s.name,
      ),
    ).toEqual(['wc']);
    const tsx = "const b = <b>submitJob('not_code')</b>; client.submitJob('code');";
    expect((await analyzer.extract('typescriptreact', tsx)).map((s) => s.name)).toEqual(['code']);
  });

  it('decodes escapes and UTF-16 columns', async () => {
    const sites = await analyzer.extract('javascript', "/* é😀 */ client.submitJob('a\\u0062c');");
    expect(sites[0].name).toBe('abc');
    expect(sites[0].range.start.character).toBe(28);
  });
});
