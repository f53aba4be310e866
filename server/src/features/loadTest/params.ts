// Checks the argument of gearman.server.loadTest (it comes from any LSP client), naming the
// field and what it should be, and fills in the defaults.
import { isAbsolute } from 'node:path';
import type { LoadTestParams } from './types';

/** Most jobs one run may send. */
export const MAX_JOBS = 10_000_000;
/** Most jobs in flight. */
export const MAX_IN_FLIGHT = 10_000;
/** Longest run, in seconds. */
export const MAX_DURATION_SEC = 3600;
/** Jobs sent when neither a count nor a duration is given. */
export const DEFAULT_JOBS = 1000;

/** The validated request: every field set or deliberately absent. */
export type ParsedLoadTest = Required<
  Pick<LoadTestParams, 'runId' | 'inFlight' | 'priority' | 'background' | 'timeoutSec'>
> &
  Omit<LoadTestParams, 'runId' | 'inFlight' | 'priority' | 'background' | 'timeoutSec'>;

const WHAT = 'gearman.server.loadTest';

function whole(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`${WHAT}: "${key}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return v;
}

function seconds(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new Error(`${WHAT}: "${key}" must be a number of seconds from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return v;
}

function text(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${WHAT}: "${key}" must be a string`);
  return v;
}

/** Validates `arg`; throws an Error naming the field when it is wrong. */
export function parseLoadTestParams(arg: unknown, newId: () => string): ParsedLoadTest {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg))
    throw new Error(
      `${WHAT} needs one argument: an object with "function" (or "block"), and optionally "servers", "jobs" or "durationSec", "inFlight"`,
    );
  const o = arg as Record<string, unknown>;
  let servers: string[] | undefined;
  if (o.servers !== undefined && o.servers !== null) {
    if (!Array.isArray(o.servers) || o.servers.length === 0 || o.servers.some((s) => typeof s !== 'string' || s === ''))
      throw new Error(`${WHAT}: "servers" must be a non-empty list of configured server ids or names`);
    servers = o.servers as string[];
    if (servers.includes('all'))
      throw new Error(`${WHAT}: "servers" names servers one by one; "all" is not accepted for a load test`);
  }
  let block: LoadTestParams['block'];
  if (o.block !== undefined && o.block !== null) {
    const b = o.block as Record<string, unknown>;
    if (
      typeof b !== 'object' ||
      typeof b.uri !== 'string' ||
      typeof b.line !== 'number' ||
      !Number.isInteger(b.line) ||
      b.line < 0
    )
      throw new Error(`${WHAT}: "block" must be { "uri": the job file, "line": a line inside the block, from 0 }`);
    block = { uri: b.uri, line: b.line };
  }
  const fn = text(o, 'function');
  if (!block && !fn) throw new Error(`${WHAT}: "function" is missing (or give "block" to load a .gearman block)`);
  const payload = text(o, 'payload');
  if (payload !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(payload))
    throw new Error(`${WHAT}: "payload" must be base64`);
  const payloadFile = text(o, 'payloadFile');
  if (payloadFile !== undefined && !isAbsolute(payloadFile))
    throw new Error(`${WHAT}: "payloadFile" must be an absolute path`);
  if (payloadFile !== undefined && (payload || block))
    throw new Error(`${WHAT}: give one of "payload", "payloadFile" or "block"`);
  const priority = o.priority ?? 'normal';
  if (priority !== 'high' && priority !== 'normal' && priority !== 'low')
    throw new Error(`${WHAT}: "priority" must be high, normal or low`);
  if (o.background !== undefined && typeof o.background !== 'boolean')
    throw new Error(`${WHAT}: "background" must be true or false`);
  const jobs = whole(o, 'jobs', 1, MAX_JOBS);
  const durationSec = seconds(o, 'durationSec', 0.1, MAX_DURATION_SEC);
  const rampSec = seconds(o, 'rampSec', 0, MAX_DURATION_SEC);
  const uniquePrefix = text(o, 'uniquePrefix');
  if (uniquePrefix !== undefined && Buffer.byteLength(uniquePrefix) > 50)
    throw new Error(
      `${WHAT}: "uniquePrefix" is at most 50 bytes (the job number is added, and gearmand takes 64 at most)`,
    );
  return {
    runId: text(o, 'runId') || newId(),
    servers,
    function: fn,
    payload,
    payloadFile,
    block,
    jobs: jobs ?? (durationSec === undefined ? DEFAULT_JOBS : undefined),
    durationSec,
    inFlight: whole(o, 'inFlight', 1, MAX_IN_FLIGHT) ?? 16,
    priority,
    background: o.background === true,
    uniquePrefix: uniquePrefix || undefined,
    rampSec: rampSec || undefined,
    timeoutSec: seconds(o, 'timeoutSec', 0, 7 * 24 * 3600) ?? 30,
  };
}
