// The pure parts of the one result panel per function: JSON detection and its folding tree,
// the diff with the previous run, the runs list, the payload preview, WORK_DATA numbered once,
// submits gearmand coalesced into one job, and the plain status words.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectJson, jsonTreeHtml } from '../../../../client/src/panels/jsonTree';
import { diffResultLines, diffSection } from '../../../../client/src/panels/resultDiff';
import { payloadPreview, runsNav } from '../../../../client/src/panels/panelParts';
import { chunkSection, defaultView } from '../../../../client/src/panels/resultSections';
import { renderResultHtml } from '../../../../client/src/panels/resultHtml';
import { coalescedNote, groupByHandle } from '../../../../client/src/jobs/coalesce';
import { applyJobEvent, describeJob, newJobState, type JobState } from '../../../../client/src/jobs/jobState';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);

function job(id: string, result?: string, extra: Partial<JobState> = {}): JobState {
  const s = newJobState(id, { function: 'fn', payload: b64('{"n":1}') }, 'local');
  applyJobEvent(s, { jobId: id, kind: 'submitted', at: 1 });
  if (result !== undefined) applyJobEvent(s, { jobId: id, kind: 'complete', at: 5, data: b64(result) });
  return Object.assign(s, extra);
}

describe('JSON results', () => {
  it('detects objects and arrays, not scalars or broken JSON', () => {
    expect(detectJson(' {"a":[1,2]}')?.value).toEqual({ a: [1, 2] });
    expect(detectJson('[]')?.value).toEqual([]);
    expect(detectJson('42')).toBeUndefined();
    expect(detectJson('"x"')).toBeUndefined();
    expect(detectJson('{"a":')).toBeUndefined();
    expect(detectJson('hello')).toBeUndefined();
  });

  it('draws every object and array as a <details> that folds, with counts', () => {
    const html = jsonTreeHtml({ a: [1, 2], b: { c: null }, d: 'x' }) ?? '';
    expect(html.match(/<details open>/g)).toHaveLength(3);
    expect(html).toContain('{ <span class="dim">3 keys</span>');
    expect(html).toContain('[ <span class="dim">2 items</span>');
    expect(html).toContain('<span class="j-key">&quot;d&quot;</span>: <span class="j-string">&quot;x&quot;</span>');
  });

  it('escapes keys and strings, whatever they hold', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const v = JSON.parse(text) as unknown;
        const html = jsonTreeHtml({ '<script>k</script>': v, s: '<img src=x onerror=alert(1)>\u001b' }) ?? '';
        expect(html).not.toMatch(/<(script|img)/i);
        expect(html).not.toContain('\u001b');
      }),
    );
  });

  it('gives up on a tree over its node budget (shown as text instead)', () => {
    expect(
      jsonTreeHtml(
        Array.from({ length: 10 }, (_, i) => i),
        5,
      ),
    ).toBeUndefined();
    expect(
      jsonTreeHtml(
        Array.from({ length: 4 }, (_, i) => i),
        5,
      ),
    ).toBeDefined();
  });

  it('opens a whole JSON result in the JSON view, anything else as text', () => {
    expect(defaultView(job('a', '{"ok":true}'))).toBe('json');
    expect(defaultView(job('a', 'plain'))).toBe('text');
    expect(defaultView(job('a', '\u0000{}'))).toBe('text');
    expect(defaultView(job('a', '{"ok":true}', { resultSize: 10_000_000 }))).toBe('text');
  });
});

describe('compare with the previous run', () => {
  it('diffs pretty-printed JSON line by line, so one changed value is one changed line', () => {
    const lines = diffResultLines('{"a":1,"b":2}', '{"a":1,"b":3}') ?? [];
    expect(lines.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: '  "b": 2' },
      { op: '+', text: '  "b": 3' },
    ]);
  });

  it('folds long unchanged stretches to their edges', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 20', 'LINE 20');
    const lines = diffResultLines(before, after) ?? [];
    expect(lines.filter((l) => l.op === '…').map((l) => l.text)).toEqual(['17', '16']);
    expect(lines.filter((l) => l.op === ' ')).toHaveLength(6);
  });

  it('gives up on results that differ in more lines than the bound (Myers would block the host), and says so', () => {
    const text = (k: number) => Array.from({ length: 300 }, (_, i) => `${i}:${(i * k) % 997}`).join('\n');
    expect(diffResultLines(text(7), text(13), 3, 100)).toBeUndefined();
    expect(diffResultLines(text(7), text(7).replace('5:35', 'five'), 3, 100)).toBeDefined();
    const unlike = (k: number) =>
      Buffer.from(Array.from({ length: 2000 }, (_, i) => `${i}:${(i * k) % 997}`).join('\n'));
    expect(diffSection(unlike(7), unlike(13), 'at 10:00:00')).toContain('differ in more than 1000 lines');
  });

  it('says when the results are equal or too large, and escapes what it shows', () => {
    expect(diffSection(Buffer.from('x'), Buffer.from('x'), 'at 10:00:00')).toContain(
      'Same result as the previous run.',
    );
    expect(diffSection(Buffer.alloc(300 * 1024), Buffer.from('x'), 'at 10:00:00')).toContain(
      'too large to compare here',
    );
    const html = diffSection(Buffer.from('<b>old</b>'), Buffer.from('<script>new</script>'), 'at <i>');
    expect(html).not.toMatch(/<(script|b|i)>/);
    expect(html).toContain('<span class="d-op">+</span>&lt;script&gt;new&lt;/script&gt;');
  });
});

describe('runs list, payload, numbering', () => {
  it('lists the runs newest first with the shown one selected, and nothing for a single run', () => {
    const runs = [job('b', 'two'), job('a', 'one')];
    const html = runsNav(runs, 'a');
    expect([...html.matchAll(/<option value="(\w)"( selected)?>#(\d)/g)].map((m) => [m[1], !!m[2], m[3]])).toEqual([
      ['b', false, '2'],
      ['a', true, '1'],
    ]);
    expect(runsNav([runs[0]], 'b')).toBe('');
  });

  it('previews the payload as inert text, binary as hex, and says when it was not kept', () => {
    expect(payloadPreview(job('a'))).toBe('<pre id="payload">{&quot;n&quot;:1}</pre>');
    const bin = payloadPreview({
      ...job('a'),
      request: { function: 'fn', payload: Buffer.from([0, 1, 2]).toString('base64') },
    });
    expect(bin).toContain('00000000  00 01 02');
    expect(payloadPreview({ ...job('a'), request: { function: 'fn', payloadSize: 9e6 } })).toContain(
      'not kept (too large)',
    );
  });

  it('numbers each WORK_DATA chunk once', () => {
    const s = job('a');
    applyJobEvent(s, {
      jobId: 'a',
      kind: 'data',
      at: 2,
      chunks: [
        { data: b64('chunk-1'), size: 7 },
        { data: b64('chunk-2'), size: 7 },
      ],
    });
    const html = chunkSection('Data', 'data', s.data);
    const items = [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(items).toEqual(['1chunk-1', '2chunk-2']);
    expect(html).not.toContain('value=');
  });
});

describe('background submits with one unique id', () => {
  const queued = (id: string, handle: string) => {
    const s = newJobState(id, { function: 'fn', payload: '', background: true, unique: 'u-1' }, 'local');
    applyJobEvent(s, { jobId: id, kind: 'queued', at: 3, handle, server: '127.0.0.1:4730' });
    return s;
  };

  it('groups the submits gearmand coalesced by server and handle', () => {
    const groups = groupByHandle([queued('1', 'H:x:1'), queued('2', 'H:x:1'), queued('3', 'H:x:2'), job('4')]);
    expect(groups.map((g) => g.members.map((m) => m.jobId))).toEqual([['1', '2'], ['3'], ['4']]);
    expect(coalescedNote(2, groups[0].lead)).toContain(
      'gearmand coalesced 2 submits with the unique id "u-1" into one job (H:x:1)',
    );
  });

  it('says "queued" with a Queued time, not a Completed one', () => {
    const s = queued('1', 'H:x:1');
    expect(describeJob(s)).toBe('queued');
    expect(s.times.completed).toBeUndefined();
    const html = renderResultHtml(s, {
      nonce: 'n',
      cspSource: '',
      view: 'text',
      submits: 3,
      coalesced: coalescedNote(3, s),
    });
    expect(html).toContain('<th>Queued</th>');
    expect(html).not.toContain('Completed');
    expect(html).toContain('id="coalesced"');
    expect(scriptsOf(html)).toEqual(['<script nonce="n">']);
  });

  it('explains a watched job the server no longer knows', () => {
    const s = queued('1', 'H:x:1');
    applyJobEvent(s, { jobId: '1#watch', kind: 'gone', at: 9 });
    expect(describeJob(s)).toBe('ended (gone from the server)');
    expect(renderResultHtml(s, { nonce: 'n', cspSource: '', view: 'text' })).toContain('a worker finished it');
  });
});
