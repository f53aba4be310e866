// The result panel's HTML: whatever bytes a worker returns are shown as inert text.
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../../server/src/protocol';
import fc from 'fast-check';
import { renderResultHtml } from '../../../../client/src/panels/resultHtml';
import { hexDump, inertHtml, visibleControls } from '../../../../client/src/panels/resultText';
import { applyJobEvent, newJobState, type JobState } from '../../../../client/src/jobs/jobState';

const NASTY = Buffer.concat([
  Buffer.from('<script>alert(1)</script><img src=x onerror=alert(2)>"\'&\x1b[31mred\x1b[0m'),
  Buffer.from([0, 1, 0x7f, 0xff]),
  Buffer.from('</pre><script nonce="n0nce">alert(3)</script>'),
]);

function finished(result: Buffer, extra: Partial<JobState> = {}): JobState {
  let s = newJobState('j', { function: '<b>fn</b>', payload: '' }, 'local');
  s = applyJobEvent(s, { jobId: 'j', kind: 'submitted', at: 1 });
  s = applyJobEvent(s, { jobId: 'j', kind: 'created', at: 2, handle: 'H:<x>:1', server: '127.0.0.1:4730' });
  s = applyJobEvent(s, { jobId: 'j', kind: 'data', at: 3, chunks: [{ data: result.toString('base64'), size: 0 }] });
  s = applyJobEvent(s, { jobId: 'j', kind: 'warning', at: 4, chunks: [{ data: result.toString('base64'), size: 0 }] });
  s = applyJobEvent(s, { jobId: 'j', kind: 'complete', at: 5, data: result.toString('base64') });
  return { ...s, ...extra };
}

const scriptsOf = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);

describe('renderResultHtml', () => {
  for (const view of ['text', 'json', 'hex'] as const) {
    it(`renders <script>, ANSI escapes and NUL bytes inert in the ${view} view`, () => {
      const html = renderResultHtml(finished(NASTY), { nonce: 'n0nce', cspSource: 'vscode-resource:', view });
      // The page's own script is the only script element, and it carries the nonce.
      expect(scriptsOf(html)).toEqual(['<script nonce="n0nce">']);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toContain('\x1b');
      expect(html).not.toContain('\0');
      expect(html).toContain("default-src 'none'");
      expect(html).toContain("script-src 'nonce-n0nce'");
      if (view !== 'hex') {
        expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(html).toContain('<span class="ctl">\\x1B</span>[31mred');
        expect(html).toContain('<span class="ctl">\\x00</span>');
      } else {
        expect(html).toContain('00000000  3c 73 63 72 69 70 74 3e');
      }
    });
  }

  it('escapes the function name, handle and messages too', () => {
    const html = renderResultHtml(finished(Buffer.from('ok'), { message: '<script>x</script>' }), {
      nonce: 'n',
      cspSource: '',
      view: 'text',
    });
    expect(html).toContain('&lt;b&gt;fn&lt;/b&gt;');
    expect(html).toContain('H:&lt;x&gt;:1');
    expect(scriptsOf(html)).toHaveLength(1);
  });

  it('shows status, timings, streamed data in order, and progress as a percentage', () => {
    let s = newJobState('j', { function: 'steps', payload: '' }, 'local');
    const events: Omit<JobEvent, 'jobId'>[] = [
      { kind: 'submitted', at: 1000 },
      { kind: 'created', at: 1010, handle: 'H:h:1' },
      { kind: 'status', at: 1020, numerator: 1, denominator: 4 },
      { kind: 'data', at: 1030, chunks: [{ data: Buffer.from('one').toString('base64'), size: 0 }] },
      { kind: 'data', at: 1040, chunks: [{ data: Buffer.from('two').toString('base64'), size: 0 }] },
    ];
    for (const e of events) s = applyJobEvent(s, { jobId: 'j', ...e });
    const html = renderResultHtml(s, { nonce: 'n', cspSource: '', view: 'text' });
    expect(html).toMatch(/<span id="status" data-phase="waiting">running 25%<\/span>/);
    expect(html).toMatch(/id="t-first-data">[\d:.]+ \(\+30 ms\)/);
    expect(html.indexOf('one')).toBeLessThan(html.indexOf('two'));
    expect(html).toContain('data-action="cancel"');
  });

  it('draws JSON as a folding tree in the json view and says so when it is not JSON', () => {
    expect(
      renderResultHtml(finished(Buffer.from('{"a":[1,2]}')), { nonce: 'n', cspSource: '', view: 'json' }),
    ).toContain('<div id="result" class="tree"><details open><summary>{ <span class="dim">1 key</span></summary>');
    expect(renderResultHtml(finished(Buffer.from('nope')), { nonce: 'n', cspSource: '', view: 'json' })).toContain(
      'not JSON',
    );
  });

  it('never lets any result string open a tag (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = inertHtml(s);
        expect(out).not.toMatch(/<(?!span class="ctl">|\/span>)/);
        // eslint-disable-next-line no-control-regex -- checking that no control character survives
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }),
    );
  });
});

describe('what the panel does not show', () => {
  const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64');
  const render = (s: JobState, view: 'text' | 'json' | 'hex' = 'text') =>
    renderResultHtml(s, { nonce: 'n', cspSource: '', view });
  const items = (html: string, id: string) =>
    [
      ...(html.match(new RegExp(`<ol id="${id}">([\\s\\S]*?)</ol>`))?.[1] ?? '').matchAll(
        /<li><span class="n">(\d+)<\/span>/g,
      ),
    ].map((m) => Number(m[1]));

  it('draws only the kept chunks of a flood, numbered among all, and says how many more there are', () => {
    const s = applyJobEvent(newJobState('j', { function: 'flood', payload: '' }, 'local'), {
      jobId: 'j',
      kind: 'created',
      at: 1,
      handle: 'H:1',
    });
    for (let i = 1; i <= 40_000; i++)
      applyJobEvent(s, {
        jobId: 'j',
        kind: 'data',
        at: i,
        chunks: [{ data: b64(`<b>${i}</b>`), size: 20 }],
        ...(i % 2 ? {} : { skipped: 1, skippedBytes: 4 }),
      });
    const html = render(s);
    const shown = items(html, 'data');
    expect(shown).toHaveLength(500);
    // The newest 500 chunks of the editor's; the chunks the server skipped between them count in the numbers.
    expect(shown[0]).toBe(59_251);
    expect(shown.at(-1)).toBe(60_000);
    expect(html).toContain(
      '<span class="n">60000</span> <span class="dim">first 12 bytes of 20 bytes</span><pre>&lt;b&gt;40000&lt;/b&gt;</pre>',
    );
    expect(html).toContain('<span class="dim" id="data-count">60000 chunks, 859.4 KiB</span>');
    expect(html).toContain(
      '<p class="note" id="data-more">59500 more chunks (849.6 KiB) not shown — <button data-action="saveData">Save All…</button></p>',
    );
    expect(html).not.toContain('<b>');
  });

  it('says when a chunk was cut by the server, and offers Save All for warnings', () => {
    const s = newJobState('j', { function: 'f', payload: '' }, 'local');
    applyJobEvent(s, {
      jobId: 'j',
      kind: 'warning',
      at: 1,
      chunks: [{ data: b64(Buffer.alloc(16 * 1024, 'w')), size: 100_000 }],
    });
    const html = render(s);
    expect(html).toContain('<span class="n">1</span> <span class="dim">first 16 KiB of 97.7 KiB</span>');
    expect(html).toContain('<button data-action="saveWarnings">Save All…</button>');
    expect(html).not.toContain('id="warnings-more"');
  });

  for (const [view, shown] of [
    ['text', '1 MiB'],
    ['json', '1 MiB'],
    ['hex', '16 KiB'],
  ] as const) {
    it(`says a result larger than what arrived is cut, with Save, in the ${view} view`, () => {
      const s = applyJobEvent(newJobState('j', { function: 'f', payload: '' }, 'local'), {
        jobId: 'j',
        kind: 'complete',
        at: 1,
        data: b64(Buffer.alloc(1024 * 1024, '{')),
        size: 5 * 1024 * 1024,
      });
      const html = render(s, view);
      expect(html).toContain(
        `<p class="note" id="result-cut">first ${shown} of 5 MiB shown — <button data-action="save">Save…</button> Copy and Open as Document use all of it.</p>`,
      );
      expect(html).toContain('<span class="dim" id="result-size">5 MiB</span>');
      if (view === 'hex') expect(html).toContain(`… ${5 * 1024 * 1024 - 16 * 1024} more bytes`);
    });
  }

  it('says nothing is cut when the whole result is there', () => {
    const html = render(finished(Buffer.from('{"a":1}')), 'json');
    expect(html).not.toContain('result-cut');
    expect(html).not.toContain('not JSON');
    expect(html).toContain('<span class="dim" id="result-size">7 bytes</span>');
  });
});

describe('result text helpers', () => {
  it('writes control characters as escapes', () => {
    expect(visibleControls('a\x00b\x1b[0m\tc\n')).toBe('a\\x00b\\x1B[0m\tc\n');
  });
  it('dumps hex with offsets and printable ASCII', () => {
    expect(hexDump(Buffer.from('AB\0'))).toBe('00000000  41 42 00' + ' '.repeat(39) + '  AB.');
  });
});
