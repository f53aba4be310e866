// The result panel's HTML: whatever bytes a worker returns are shown as inert text.
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../server/src/protocol';
import fc from 'fast-check';
import { renderResultHtml } from '../../../client/src/panels/resultHtml';
import { hexDump, inertHtml, visibleControls } from '../../../client/src/panels/resultText';
import { applyJobEvent, newJobState, type JobState } from '../../../client/src/jobs/jobState';

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
    const html = renderResultHtml(finished(Buffer.from('ok'), { message: '<script>x</script>' }), { nonce: 'n', cspSource: '', view: 'text' });
    expect(html).toContain('&lt;b&gt;fn&lt;/b&gt;');
    expect(html).toContain('H:&lt;x&gt;:1');
    expect(scriptsOf(html)).toHaveLength(1);
  });

  it('shows status, timings, streamed data in order, and progress as a percentage', () => {
    let s = newJobState('j', { function: 'steps', payload: '' }, 'local');
    const events: Omit<JobEvent, 'jobId'>[] = [
      { kind: 'submitted', at: 1000 }, { kind: 'created', at: 1010, handle: 'H:h:1' }, { kind: 'status', at: 1020, numerator: 1, denominator: 4 },
      { kind: 'data', at: 1030, chunks: [{ data: Buffer.from('one').toString('base64'), size: 0 }] }, { kind: 'data', at: 1040, chunks: [{ data: Buffer.from('two').toString('base64'), size: 0 }] },
    ];
    for (const e of events) s = applyJobEvent(s, { jobId: 'j', ...e });
    const html = renderResultHtml(s, { nonce: 'n', cspSource: '', view: 'text' });
    expect(html).toMatch(/<span id="status" data-phase="waiting">running 25%<\/span>/);
    expect(html).toMatch(/id="t-first-data">[\d:.]+ \(\+30 ms\)/);
    expect(html.indexOf('one')).toBeLessThan(html.indexOf('two'));
    expect(html).toContain('data-action="cancel"');
  });

  it('pretty-prints JSON in the json view and says so when it is not JSON', () => {
    expect(renderResultHtml(finished(Buffer.from('{"a":[1,2]}')), { nonce: 'n', cspSource: '', view: 'json' })).toContain('{\n  &quot;a&quot;: [\n    1,');
    expect(renderResultHtml(finished(Buffer.from('nope')), { nonce: 'n', cspSource: '', view: 'json' })).toContain('not JSON');
  });

  it('never lets any result string open a tag (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = inertHtml(s);
      expect(out).not.toMatch(/<(?!span class="ctl">|\/span>)/);
      // eslint-disable-next-line no-control-regex -- checking that no control character survives
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }));
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
