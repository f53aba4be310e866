// Meaning and validation of each `key: value` header of a job block.
import { distance } from 'fastest-levenshtein';
import type { Header, JobOptions, Problem } from './types';

/** Header keys the job file understands, in the order completion offers them. */
export const HEADER_KEYS = [
  'server',
  'priority',
  'background',
  'unique',
  'epoch',
  'repeat',
  'timeout',
  'content-type',
] as const;

/** Largest `repeat` a block may ask for. */
export const MAX_REPEAT = 10_000;

/** Longest unique id gearmand accepts, in bytes. */
export const MAX_UNIQUE_BYTES = 64;

/** Values `content-type` accepts, mapped to the body kind they force. */
export const CONTENT_TYPES: Record<string, 'json' | 'text' | 'base64'> = {
  json: 'json',
  'application/json': 'json',
  text: 'text',
  'text/plain': 'text',
  base64: 'base64',
};

/** What the headers of one block mean, plus the problems found in them. */
export interface HeaderResult {
  options: JobOptions;
  contentType?: string;
  problems: Problem[];
}

/** Turns a block's headers into job options, reporting bad values, unknown keys and duplicates. */
export function readHeaders(headers: Header[]): HeaderResult {
  const options: JobOptions = { priority: 'normal', background: false, repeat: 1 };
  const problems: Problem[] = [];
  const seen = new Map<string, Header>();
  let contentType: string | undefined;
  let backgroundHeader: Header | undefined;
  let priorityHeader: Header | undefined;

  const fail = (h: Header, code: string, message: string, severity: Problem['severity'] = 'error'): void => {
    problems.push({ range: h.valueRange, severity, message, code });
  };

  for (const h of headers) {
    const known = (HEADER_KEYS as readonly string[]).includes(h.key);
    if (!known) {
      const near = HEADER_KEYS.find((k) => distance(k, h.key) <= 2);
      const hint = near ? `did you mean '${near}'? ` : '';
      problems.push({
        range: h.keyRange,
        severity: 'warning',
        code: 'unknown-header',
        message: `unknown header '${h.key}' is ignored; ${hint}known headers are ${HEADER_KEYS.join(', ')}`,
      });
      continue;
    }
    const earlier = seen.get(h.key);
    if (earlier) {
      problems.push({
        range: h.keyRange,
        severity: 'warning',
        code: 'duplicate-header',
        message: `'${h.key}' is set twice (also on line ${earlier.keyRange.start.line + 1}); this later value is used`,
      });
    }
    seen.set(h.key, h);
    const v = h.value;
    if (v === '') {
      fail(h, 'empty-header-value', `'${h.key}' has no value; ${valueHint(h.key)}`);
      continue;
    }
    switch (h.key) {
      case 'server':
        options.server = v.toLowerCase() === 'all' ? 'all' : v;
        break;
      case 'priority': {
        const p = v.toLowerCase();
        if (p === 'high' || p === 'normal' || p === 'low') {
          options.priority = p;
          priorityHeader = h;
        } else fail(h, 'bad-priority', `priority must be high, normal or low, not '${v}'`);
        break;
      }
      case 'background': {
        const b = v.toLowerCase();
        if (b === 'true' || b === 'false') {
          options.background = b === 'true';
          backgroundHeader = h;
        } else fail(h, 'bad-background', `background must be true or false, not '${v}'`);
        break;
      }
      case 'unique': {
        const bytes = Buffer.byteLength(v, 'utf8');
        if (bytes > MAX_UNIQUE_BYTES) {
          fail(
            h,
            'unique-too-long',
            `unique is ${bytes} bytes; gearmand accepts at most ${MAX_UNIQUE_BYTES}. Shorten it, or write '-' to use the payload as the key`,
          );
        } else options.unique = v;
        break;
      }
      case 'epoch': {
        const r = parseEpoch(v);
        if (typeof r === 'number') options.epoch = r;
        else fail(h, 'bad-epoch', r);
        break;
      }
      case 'repeat': {
        if (!/^\d+$/.test(v))
          fail(h, 'bad-repeat', `repeat must be a whole number from 1 to ${MAX_REPEAT}, not '${v}'`);
        else {
          const n = Number(v);
          if (n < 1 || n > MAX_REPEAT)
            fail(h, 'repeat-out-of-range', `repeat must be from 1 to ${MAX_REPEAT}, not ${v}`);
          else options.repeat = n;
        }
        break;
      }
      case 'timeout': {
        const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
        if (!(n > 0)) fail(h, 'bad-timeout', `timeout must be a number of seconds greater than 0, not '${v}'`);
        else options.timeoutSec = n;
        break;
      }
      case 'content-type': {
        const c = v.toLowerCase();
        if (c in CONTENT_TYPES) contentType = CONTENT_TYPES[c];
        else fail(h, 'bad-content-type', `content-type must be json, text or base64, not '${v}'`);
        break;
      }
    }
  }

  if (options.epoch !== undefined) {
    // SUBMIT_JOB_EPOCH is always a background submit and has no priority variants.
    if (backgroundHeader && !options.background) {
      fail(
        backgroundHeader,
        'epoch-is-background',
        'epoch jobs always run in the background; remove this line or the epoch header',
        'warning',
      );
    }
    if (priorityHeader && options.priority !== 'normal') {
      fail(
        priorityHeader,
        'epoch-priority-ignored',
        `gearman has no ${options.priority}-priority epoch submit; epoch jobs are queued at normal priority`,
        'warning',
      );
    }
    options.background = true;
  }
  return { options, contentType, problems };
}

/** Reads an epoch value: unix seconds, or an ISO-8601 date-time with a time zone. Returns seconds or a message. */
export function parseEpoch(v: string): number | string {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : `epoch ${v} is too large for a unix time in seconds`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  if (!m) {
    return `epoch must be unix seconds (like 1767225600) or an ISO-8601 date-time (like 2026-01-01T00:00:00Z), not '${v}'`;
  }
  const [, y, mo, d, h, mi, s, zone] = m;
  if (h === undefined || zone === undefined) {
    return `epoch '${v}' needs a time and a time zone, e.g. ${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:00Z for UTC or +02:00 for an offset`;
  }
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)] as const;
  const utc = Date.UTC(...fields);
  const back = new Date(utc);
  const valid =
    back.getUTCFullYear() === fields[0] &&
    back.getUTCMonth() === fields[1] &&
    back.getUTCDate() === fields[2] &&
    back.getUTCHours() === fields[3] &&
    back.getUTCMinutes() === fields[4] &&
    back.getUTCSeconds() === fields[5];
  if (!valid) return `epoch '${v}' is not a real date and time`;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z || Number(z[2]) > 23 || Number(z[3]) > 59)
      return `epoch '${v}' has a bad time zone offset '${zone}'; write Z or like +02:00`;
    offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const secs = Math.floor(utc / 1000) - offsetMin * 60;
  return secs < 0 ? `epoch '${v}' is before 1970` : secs;
}

/** A short "what to write" hint for a header key, used in messages. */
export function valueHint(key: string): string {
  switch (key) {
    case 'server':
      return 'write a configured server name, host:port, or all';
    case 'priority':
      return 'write high, normal or low';
    case 'background':
      return 'write true or false';
    case 'unique':
      return `write an id of at most ${MAX_UNIQUE_BYTES} bytes, or - to use the payload`;
    case 'epoch':
      return 'write unix seconds or an ISO-8601 date-time like 2026-01-01T00:00:00Z';
    case 'repeat':
      return `write a whole number from 1 to ${MAX_REPEAT}`;
    case 'timeout':
      return 'write a number of seconds';
    case 'content-type':
      return 'write json, text or base64';
    default:
      return 'remove it';
  }
}
