// The payload part of a block: text, JSON (declared or detected), base64, or `@file`.
import { jsonSyntaxError } from './json';
import { isBlank, lineRange, type Line } from './lines';
import type { JobBody, LineRole, Problem, Range } from './types';

/** Reads the body from line `from` to `end` (exclusive), marking line roles and adding problems. */
export function readBody(
  lines: Line[],
  from: number,
  end: number,
  contentType: string | undefined,
  roles: LineRole[],
  problems: Problem[],
): JobBody {
  let first = from;
  while (first < end && isBlank(lines[first].text)) roles[first++] = 'blank';
  let last = end - 1;
  while (last >= first && isBlank(lines[last].text)) roles[last--] = 'blank';
  if (first > last) {
    const at = from < end ? { line: from, character: 0 } : { line: end - 1, character: lines[end - 1].text.length };
    const range = { start: at, end: at };
    if (contentType === 'json')
      problems.push({
        range,
        severity: 'error',
        code: 'invalid-json',
        message: 'the payload is declared JSON but is empty; add a JSON value after a blank line',
      });
    return contentType === 'base64'
      ? { kind: 'base64', text: '', range }
      : { kind: contentType === 'json' ? 'json' : 'text', text: '', range };
  }
  for (let i = first; i <= last; i++) roles[i] = 'body';
  const range: Range = {
    start: { line: first, character: 0 },
    end: { line: last, character: lines[last].text.length },
  };
  const firstText = lines[first].text;

  if (contentType !== 'text' && contentType !== 'base64' && firstText.trimStart().startsWith('@')) {
    const at = firstText.indexOf('@');
    const raw = firstText.slice(at + 1);
    const pathStart = at + 1 + (raw.length - raw.trimStart().length);
    const path = raw.trim();
    const pathRange = lineRange(first, pathStart, pathStart + path.length);
    if (path === '') {
      problems.push({
        range: lineRange(first, at, at + 1),
        severity: 'error',
        code: 'empty-file-path',
        message: `'@' must be followed by a file path, like @data/input.json (relative to this .gearman file)`,
      });
    }
    if (last > first) {
      problems.push({
        range: { start: { line: first + 1, character: 0 }, end: range.end },
        severity: 'warning',
        code: 'ignored-after-file',
        message: `these lines are ignored: the payload is the bytes of ${path || 'the @ file'}. Remove them, or write 'content-type: text' to send the text as is`,
      });
    }
    return { kind: 'file', path, pathRange, range };
  }

  const text = lines
    .slice(first, last + 1)
    .map((l) => l.text)
    .join('\n');
  if (contentType === 'base64') {
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      problems.push({
        range,
        severity: 'error',
        code: 'invalid-base64',
        message:
          'the payload is declared base64 but is not valid base64 (A-Z, a-z, 0-9, +, / and = padding, a multiple of 4 characters)',
      });
    }
    return { kind: 'base64', text, range };
  }
  const declared = contentType === 'json';
  if (declared || (contentType === undefined && /^\s*[[{]/.test(text))) {
    const error = jsonSyntaxError(text);
    if (error === undefined) return { kind: 'json', text, range };
    const at = offsetRange(error.offset, text, first);
    if (declared) {
      problems.push({
        range: at,
        severity: 'error',
        code: 'invalid-json',
        message: `the payload is declared JSON but does not parse: ${error.message}`,
      });
      return { kind: 'json', text, range };
    }
    problems.push({
      range: at,
      severity: 'information',
      code: 'json-looks-invalid',
      message: `the payload looks like JSON but does not parse (${error.message}); it is sent as text. Add 'content-type: json' to make this an error, or 'content-type: text' to silence it`,
    });
  }
  return { kind: 'text', text, range };
}

/** A one-character range at `offset` of the body text (empty at a line end). */
function offsetRange(offset: number, text: string, firstLine: number): Range {
  const before = text.slice(0, offset).split('\n');
  const line = firstLine + before.length - 1;
  const character = before[before.length - 1].length;
  const lineText = text.split('\n')[before.length - 1] ?? '';
  return lineRange(line, character, Math.min(character + 1, lineText.length));
}
