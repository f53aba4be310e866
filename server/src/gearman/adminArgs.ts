// Admin command lines: arguments checked so a name can never split or inject a command.
import { GearmanError } from './errors';
import { displayName, encodeName } from './names';

/** The line end every admin command is sent with. */
export const CRLF = Buffer.from('\r\n');

/** `64 MiB`, or `1000 bytes` when not a whole number of MiB. */
export function describeBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/** The command words followed by its arguments, space-separated. */
export function line(words: string, ...args: (Buffer | string)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(words)];
  for (const a of args) parts.push(Buffer.from(' '), typeof a === 'string' ? Buffer.from(a) : a);
  return Buffer.concat(parts);
}

/** Encodes a name or handle for an admin line, refusing what would split or inject commands. */
export function checkWord(what: string, value: string): Buffer {
  if (typeof value !== 'string' || value.length === 0) throw new GearmanError(`The ${what} is empty`, 'BAD_ARGUMENT');
  if (/[\r\n\0]/.test(value)) {
    throw new GearmanError(
      `The ${what} "${displayName(value)}" contains CR, LF or NUL and cannot be sent over the admin protocol (it would be read as another command)`,
      'BAD_ARGUMENT',
    );
  }
  if (/[ \t]/.test(value)) {
    throw new GearmanError(
      `The ${what} "${displayName(value)}" contains a space or TAB; gearmand splits admin commands on spaces, so names with spaces cannot be administered`,
      'BAD_ARGUMENT',
    );
  }
  return encodeName(value);
}
