// User-declared call patterns and prefixes go through the same table as the built-in rows.
import { afterAll, describe, expect, it } from 'vitest';
import { makeAnalyzer, parseMarkers } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

const php = `<?php
$this->queue->dispatch('«s:send_mail»', $payload);
$other->dispatch($dynamic);
Jobs::enqueue('payload', '«s:static_wrapper»');
$client->doNormal('«s:builtin»', 'x');
`;

describe('user patterns', () => {
  it('adds wrapper calls (any receiver, pinned receiver, keyword argument) next to built-ins', async () => {
    const warnings = analyzer.setUserPatterns([
      { language: 'php', call: 'dispatch', argument: 0, role: 'submit' },
      { language: 'php', call: 'Jobs::enqueue', argument: 1, role: 'submit' },
      { language: 'python', call: 'enqueue', argument: 'job', role: 'submit', prefix: 'app.' },
    ]);
    expect(warnings).toEqual([]);
    const { text, expected } = parseMarkers(php);
    const sites = await analyzer.extract('php', text);
    expect(sites.map(({ name, role, range }) => ({ name, role, range }))).toEqual(expected);
    expect(sites.find((s) => s.name === 'static_wrapper')?.call).toBe('Jobs::enqueue');

    const py = parseMarkers("tasks.enqueue(job='«s:resize»', data=img)\nother.enqueue('positional')\n");
    const pySites = await analyzer.extract('python', py.text);
    expect(pySites.map(({ name, role, range }) => ({ name, role, range }))).toEqual(py.expected);
    expect(pySites[0].wireName).toBe('app.resize');
  });

  it('pins a receiver: Queue.dispatch does not match other receivers', async () => {
    analyzer.setUserPatterns([{ language: 'javascript', call: 'jobs.run', argument: 0, role: 'register' }]);
    const sites = await analyzer.extract('javascript', "jobs.run('a'); this.jobs.run('b'); other.run('c');");
    expect(sites.map((s) => [s.name, s.role])).toEqual([
      ['a', 'register'],
      ['b', 'register'],
    ]);
  });

  it('warns about a pattern for an unknown language and ignores it', async () => {
    const warnings = analyzer.setUserPatterns([{ language: 'cobol', call: 'SUBMIT', argument: 0, role: 'submit' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cobol');
    expect(await analyzer.extract('php', "<?php $q->dispatch('x');")).toEqual([]);
  });

  it('replacing patterns drops the old ones', async () => {
    analyzer.setUserPatterns([{ language: 'go', call: 'Enqueue', argument: 0, role: 'submit' }]);
    expect(await analyzer.extract('go', 'package m\nfunc f() { q.Enqueue("a") }')).toHaveLength(1);
    analyzer.setUserPatterns([]);
    expect(await analyzer.extract('go', 'package m\nfunc f() { q.Enqueue("a") }')).toEqual([]);
  });
});

describe('prefixes', () => {
  it('applies the global prefix to wireName and keeps name as written; a pattern prefix wins', async () => {
    analyzer.setUserPatterns([{ language: 'c', call: 'my_submit', argument: 0, role: 'submit', prefix: 'svc_' }]);
    analyzer.setPrefix('ns1_');
    try {
      const sites = await analyzer.extract(
        'c',
        'void f() { gearman_client_do(c, "reverse", 0, 0, 0, 0, 0); my_submit("wrapped"); }',
      );
      expect(sites.map((s) => [s.name, s.wireName])).toEqual([
        ['reverse', 'ns1_reverse'],
        ['wrapped', 'svc_wrapped'],
      ]);
      const slot = await analyzer.nameSlotAt('c', 'void f() { gearman_client_do(c, "rev", 0); }', {
        line: 0,
        character: 36,
      });
      expect(slot?.prefix).toBe('ns1_');
    } finally {
      analyzer.setPrefix('');
      analyzer.setUserPatterns([]);
    }
  });
});
