// Parser of the `.gearman` job-file language: `###`-separated blocks, each a
// `SUBMIT <function>` line, `key: value` headers, a blank line, then the payload.
// Never throws: whatever the text, it returns the blocks it could read and problems.
import { distance } from 'fastest-levenshtein';
import { readHeaders, HEADER_KEYS } from './headers';
import { readBody } from './body';
import { isBlank, isComment, isSeparator, lineRange, splitLines, trimmedRange, type Line } from './lines';
import type { Header, JobBlock, LineRole, ParsedJobFile, Problem } from './types';

/** Parses a whole job file into blocks and problems (LSP-style 0-based ranges). */
export function parseJobFile(text: string): ParsedJobFile {
  const { blocks, problems } = scan(text);
  return { blocks, problems };
}

/** The role of every line (index = line number), as the parser saw it; used by completion. */
export function lineRoles(text: string): LineRole[] {
  return scan(text).roles;
}

interface Segment {
  separator?: number;
  first: number;
  end: number;
}

function scan(text: string): ParsedJobFile & { roles: LineRole[] } {
  const lines = splitLines(text);
  const roles: LineRole[] = lines.map(() => 'body');
  const problems: Problem[] = [];
  const blocks: JobBlock[] = [];
  const seps = lines.filter((l) => isSeparator(l.text)).map((l) => l.number);
  const segments: Segment[] = [{ first: 0, end: seps[0] ?? lines.length }];
  seps.forEach((s, k) => segments.push({ separator: s, first: s + 1, end: seps[k + 1] ?? lines.length }));
  for (const seg of segments) {
    if (seg.separator !== undefined) roles[seg.separator] = 'separator';
    const block = readBlock(lines, seg, roles, problems);
    if (block) blocks.push(block);
  }
  return { blocks, problems, roles };
}

function readBlock(lines: Line[], seg: Segment, roles: LineRole[], problems: Problem[]): JobBlock | undefined {
  let i = seg.first;
  for (; i < seg.end && (isBlank(lines[i].text) || isComment(lines[i].text)); i++) {
    roles[i] = isBlank(lines[i].text) ? 'blank' : 'comment';
  }
  if (i >= seg.end) return undefined;
  const request = readRequest(lines[i], problems);
  if (!request) {
    for (let j = i; j < seg.end; j++) roles[j] = 'invalid';
    return undefined;
  }
  roles[i] = 'request';
  i++;

  const headers: Header[] = [];
  for (; i < seg.end; i++) {
    const line = lines[i];
    if (isBlank(line.text)) {
      roles[i] = 'blank';
      i++;
      break;
    }
    if (isComment(line.text)) {
      roles[i] = 'comment';
      continue;
    }
    const header = readHeaderLine(line);
    if (header) {
      roles[i] = 'header';
      headers.push(header);
      continue;
    }
    const word = /^\s*([A-Za-z][\w-]*)/.exec(line.text)?.[1]?.toLowerCase();
    if (word && (HEADER_KEYS as readonly string[]).includes(word)) {
      roles[i] = 'invalid';
      problems.push({
        range: trimmedRange(line),
        severity: 'error',
        code: 'header-syntax',
        message: `missing ':' after '${word}'; write '${word}: value'`,
      });
      continue;
    }
    problems.push({
      range: trimmedRange(line),
      severity: 'warning',
      code: 'missing-blank-line',
      message: 'put a blank line between the headers and the payload; this line is read as the start of the payload',
    });
    break;
  }

  const head = readHeaders(headers);
  problems.push(...head.problems);
  const body = readBody(lines, i, seg.end, head.contentType, roles, problems);
  const startLine = seg.separator ?? seg.first;
  let lastLine = seg.end - 1;
  while (lastLine > request.line && isBlank(lines[lastLine].text)) lastLine--;
  const last = lines[lastLine];
  const title = seg.separator !== undefined ? lines[seg.separator].text.replace(/^#+/, '').trim() : '';
  return {
    range: { start: { line: startLine, character: 0 }, end: { line: last.number, character: last.text.length } },
    ...(title ? { title } : {}),
    requestRange: trimmedRange(lines[request.line]),
    functionName: request.name,
    functionRange: request.nameRange,
    headers,
    options: head.options,
    ...(head.contentType ? { contentType: head.contentType } : {}),
    body,
  };
}

interface Request {
  line: number;
  name: string;
  nameRange: JobBlock['functionRange'];
}

function readRequest(line: Line, problems: Problem[]): Request | undefined {
  const t = line.text;
  const lead = t.length - t.trimStart().length;
  const word = /^[A-Za-z]*/.exec(t.slice(lead))?.[0] ?? '';
  const after = t.charAt(lead + word.length);
  const range = trimmedRange(line);
  if (word.toUpperCase() !== 'SUBMIT' || (after !== '' && !/\s/.test(after))) {
    const near = word.length >= 4 && distance(word.toUpperCase(), 'SUBMIT') <= 2;
    problems.push(
      near || word.toUpperCase() === 'SUBMIT'
        ? {
            range,
            severity: 'error',
            code: 'misspelled-request',
            message: `a block must start with 'SUBMIT <function-name>'; did you mean 'SUBMIT'?`,
          }
        : {
            range,
            severity: 'error',
            code: 'missing-request',
            message: `a block must start with a request line 'SUBMIT <function-name>' before its headers and payload (or start a new block with ###)`,
          },
    );
    return undefined;
  }
  let start = lead + word.length;
  while (start < t.length && /\s/.test(t[start])) start++;
  const keywordRange = lineRange(line.number, lead, lead + word.length);
  if (start >= t.trimEnd().length) {
    problems.push({
      range: keywordRange,
      severity: 'error',
      code: 'missing-function-name',
      message: `SUBMIT needs a function name, like 'SUBMIT resize_image'`,
    });
    return undefined;
  }
  let name: string;
  let end: number;
  if (t[start] === '"') {
    const q = readQuoted(t, start);
    name = q.value;
    end = q.end;
    if (!q.closed) {
      problems.push({
        range: lineRange(line.number, start, end),
        severity: 'error',
        code: 'unterminated-quote',
        message: `the function name has no closing '"'`,
      });
    }
    if (name === '') {
      problems.push({
        range: lineRange(line.number, start, end),
        severity: 'error',
        code: 'missing-function-name',
        message: `the function name is empty; write SUBMIT followed by a name`,
      });
      return undefined;
    }
  } else {
    end = start;
    while (end < t.length && !/\s/.test(t[end])) end++;
    name = t.slice(start, end);
  }
  const rest = t.slice(end);
  if (rest.trim() !== '') {
    const restStart = end + (rest.length - rest.trimStart().length);
    problems.push({
      range: lineRange(line.number, restStart, t.trimEnd().length),
      severity: 'error',
      code: 'text-after-function-name',
      message: `unexpected text after the function name; put a name with spaces in quotes: SUBMIT "${name}${rest.trimEnd()}"`,
    });
  }
  return { line: line.number, name, nameRange: lineRange(line.number, start, end) };
}

/** Reads a `"…"` name starting at `start` (the quote); `\"`, `\\`, `\n`, `\r`, `\t` are escapes. */
function readQuoted(t: string, start: number): { value: string; end: number; closed: boolean } {
  let value = '';
  for (let i = start + 1; i < t.length; i++) {
    const c = t[i];
    if (c === '"') return { value, end: i + 1, closed: true };
    if (c === '\\' && i + 1 < t.length) {
      const n = t[++i];
      value += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n;
    } else value += c;
  }
  return { value, end: t.length, closed: false };
}

function readHeaderLine(line: Line): Header | undefined {
  const m = /^(\s*)([A-Za-z][\w-]*)(\s*:\s*)(.*?)\s*$/.exec(line.text);
  if (!m) return undefined;
  const keyStart = m[1].length;
  const valueStart = keyStart + m[2].length + m[3].length;
  return {
    key: m[2].toLowerCase(),
    value: m[4],
    keyRange: lineRange(line.number, keyStart, keyStart + m[2].length),
    valueRange: lineRange(line.number, valueStart, valueStart + m[4].length),
  };
}
