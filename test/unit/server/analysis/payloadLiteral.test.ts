// A submit's payload written as a literal travels with its site, so "Submit test job" above the
// call can start from it; anything else (a variable, a worker registration) carries none.
import { afterAll, describe, expect, it } from 'vitest';
import { makeAnalyzer } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const payloads = async (languageId: string, text: string) =>
  (await analyzer.extract(languageId, text)).map((s) => [s.name, s.role, s.payload]);

describe('payload literals of submits', () => {
  it('takes the string after the name in PHP, Python, JavaScript and Go', async () => {
    expect(
      await payloads(
        'php',
        `<?php\n$c->doNormal('resize', '{"w": 320}');\n$c->doBackground('resize', $png);\n$w->addFunction('resize', 'fn');\n`,
      ),
    ).toEqual([
      ['resize', 'submit', '{"w": 320}'],
      ['resize', 'submit', undefined],
      ['resize', 'register', undefined],
    ]);
    expect(await payloads('python', `client.submit_job('count_lines', 'a\\nb\\n')\n`)).toEqual([
      ['count_lines', 'submit', 'a\nb\n'],
    ]);
    expect(await payloads('javascript', `client.submitJob('reverse', 'hello');\n`)).toEqual([
      ['reverse', 'submit', 'hello'],
    ]);
    expect(
      await payloads('go', `package main\nfunc f() { c.Do("reverse", []byte("x"), rt.JobNormal, nil) }\n`),
    ).toEqual([['reverse', 'submit', undefined]]);
  });
});
