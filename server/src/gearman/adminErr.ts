// `ERR` lines of the text admin protocol: telling them from data rows, and turning them
// into ServerError with a code a program can test and words a user can act on.
import { ServerError } from './errors';

const CR = 0x0d;
const TAB = 0x09;

/** The line without one trailing CR. */
export function stripCr(line: Buffer): Buffer {
  return line.length && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
}

/**
 * True when the first line of a reply is an `ERR` answer rather than data. Both servers end
 * ERR lines with CRLF while list rows end in LF; rows of status/prioritystatus/show jobs
 * always contain a TAB. So a function named `ERR x` is still read as a row.
 */
export function isErrLine(rawLine: Buffer): boolean {
  if (!(rawLine.subarray(0, 4).toString('latin1') === 'ERR ' || stripCr(rawLine).toString('latin1') === 'ERR'))
    return false;
  return rawLine[rawLine.length - 1] === CR || rawLine.indexOf(TAB) < 0;
}

// Maps, not object literals: the keys come from the server, and `toString` or `__proto__` must not find Object's.
/** Codes for gearmand ERR lines that carry a sentence instead of a code word. */
const SENTENCE_CODES = new Map<string, string>([
  ['function not found', 'FUNCTION_NOT_FOUND'],
  ['there are still connected workers or executing clients', 'FUNCTION_IN_USE'],
]);

/** What a user can do about the usual errors. */
const HINTS = new Map<string, string>([
  ['UNKNOWN_JOB', 'no job with that handle is on the server (it may have finished, or never existed)'],
  ['FUNCTION_IN_USE', 'stop its workers and wait for running jobs first'],
  ['FUNCTION_NOT_FOUND', 'the server lists no function of that name (names are compared without case)'],
]);

/**
 * The ServerError for an `ERR CODE text` line. The code is the first word when it looks
 * like one (`UNKNOWN_JOB`, `unknown_command`); text is URL-encoded with `+` by both servers.
 */
export function errFromLine(command: string, line: Buffer): ServerError {
  const text = stripCr(line)
    .toString('utf8')
    .replace(/^ERR ?/, '')
    .trim();
  const sp = text.indexOf(' ');
  const word = sp < 0 ? text : text.slice(0, sp);
  let code: string;
  let rest: string;
  const sentence = SENTENCE_CODES.get(text);
  if (sentence) {
    code = sentence;
    rest = text;
  } else if (/^[A-Z][A-Z_]*$|^[a-z]+_[a-z_]+$/.test(word)) {
    code = word;
    rest = sp < 0 ? '' : decodePlus(text.slice(sp + 1)).trim();
  } else {
    code = 'ERR';
    rest = text;
  }
  const hint = HINTS.get(code);
  return new ServerError(`\`${command}\` failed: ${rest ? `${rest} (${code})` : code}${hint ? `; ${hint}` : ''}`, code);
}

function decodePlus(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** True when an ERR reply means "this server has no such command" (gearmand or Perl wording). */
export function isUnknownCommandError(e: ServerError): boolean {
  return /^(UNKNOWN_COMMAND|unknown_command|UNKNOWN_SHOW_ARGUMENTS)$/.test(e.code);
}
