// Checks a submit locally and picks its packet, so mistakes get a clear error before
// anything reaches the server.
import { encodeName } from './names';
import { GearmanError } from './errors';
import type { JobPriority, SubmitOptions } from './job';
import { PacketType } from './packet';

/** Longest unique id gearmand accepts, in bytes (65 gets ARGUMENT_TOO_LARGE, seen live on 1.1.20). */
export const MAX_UNIQUE_BYTES = 64;

/** A submit ready to send: packet type, the arguments before the payload, and the payload. */
export interface SubmitPacket {
  type: number;
  leading: Buffer[];
  payload: Buffer;
}

const TYPES: Record<JobPriority, [foreground: number, background: number]> = {
  normal: [PacketType.SUBMIT_JOB, PacketType.SUBMIT_JOB_BG],
  high: [PacketType.SUBMIT_JOB_HIGH, PacketType.SUBMIT_JOB_HIGH_BG],
  low: [PacketType.SUBMIT_JOB_LOW, PacketType.SUBMIT_JOB_LOW_BG],
};

/** Payloads are bytes; strings are sent as UTF-8. */
export function toPayload(data: Buffer | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

const bad = (msg: string) => new GearmanError(msg, 'BAD_ARGUMENT');
const EMPTY = Buffer.alloc(0);
// The last function name and its bytes: clients mostly submit to one function many times.
let lastFn = '';
let lastFnBuf: Buffer = EMPTY;

/** Validates a submit and encodes its arguments; throws GearmanError (code BAD_ARGUMENT) when it cannot be sent. */
export function buildSubmit(fn: string, data: Buffer | string, opts: SubmitOptions = {}): SubmitPacket {
  if (typeof fn !== 'string' || fn.length === 0) throw bad('A job needs a function name');
  if (fn.includes('\0'))
    throw bad(`The function name ${JSON.stringify(fn)} contains a NUL byte, which the Gearman protocol cannot carry`);
  if (typeof data !== 'string' && !Buffer.isBuffer(data)) throw bad('A job payload must be a Buffer or a string');
  const priority = opts.priority ?? 'normal';
  if (!Object.hasOwn(TYPES, priority))
    throw bad(`Unknown priority ${JSON.stringify(priority)}: use 'high', 'normal' or 'low'`);
  const unique = opts.unique ?? '';
  if (typeof unique !== 'string') throw bad('A unique id must be a string');
  if (unique.includes('\0')) throw bad('The unique id contains a NUL byte, which the Gearman protocol cannot carry');
  // Names and unique ids read from the server may hold raw bytes (names.ts): encode them back exactly.
  const uniqueBuf = unique ? encodeName(unique) : EMPTY;
  if (uniqueBuf.length > MAX_UNIQUE_BYTES) {
    throw bad(
      `The unique id is ${uniqueBuf.length} bytes long; gearmand accepts at most ${MAX_UNIQUE_BYTES}. Use a shorter id, for example a hash.`,
    );
  }
  if (fn !== lastFn) {
    lastFnBuf = encodeName(fn);
    lastFn = fn;
  }
  const fnBuf = lastFnBuf;
  const payload = toPayload(data);
  if (opts.epoch !== undefined) {
    if (!Number.isInteger(opts.epoch) || opts.epoch < 0)
      throw bad(`The epoch must be a whole number of seconds since 1970, got ${opts.epoch}`);
    if (opts.background === false)
      throw bad('A job scheduled with an epoch is always a background job; do not set background: false');
    if (priority !== 'normal') throw bad('A job scheduled with an epoch always has normal priority');
    return { type: PacketType.SUBMIT_JOB_EPOCH, leading: [fnBuf, uniqueBuf, Buffer.from(String(opts.epoch))], payload };
  }
  return { type: TYPES[priority][opts.background ? 1 : 0], leading: [fnBuf, uniqueBuf], payload };
}

/** A payload read as UTF-8 text. */
export function asText(data: Buffer): string {
  return data.toString('utf8');
}

/** A payload parsed as JSON; throws a GearmanError naming the problem when it is not JSON. */
export function asJson<T = unknown>(data: Buffer): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch (e) {
    throw new GearmanError(`The job result is not JSON: ${(e as Error).message}`, 'NOT_JSON');
  }
}
