// Checks the JSON arguments of the job commands (they come from any LSP client), turning
// mistakes into messages that name the field and what it should be.
import { isAbsolute } from 'node:path';
import type { ServeLocallyParams, SubmitBlockParams, SubmitJobParams, WatchJobParams } from '../../protocol';

type Obj = Record<string, unknown>;

function object(v: unknown, what: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${what} needs one argument: an object of options`);
  return v as Obj;
}

function str(o: Obj, key: string, what: string, required: true): string;
function str(o: Obj, key: string, what: string, required?: false): string | undefined;
function str(o: Obj, key: string, what: string, required = false): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new Error(`${what}: "${key}" is missing`);
    return undefined;
  }
  if (typeof v !== 'string') throw new Error(`${what}: "${key}" must be a string`);
  if (required && v === '') throw new Error(`${what}: "${key}" must not be empty`);
  return v;
}

function num(o: Obj, key: string, what: string, check: (n: number) => boolean, rule: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) throw new Error(`${what}: "${key}" must be ${rule}`);
  return v;
}

function token(o: Obj): string | number | undefined {
  const t = o.workDoneToken;
  return typeof t === 'string' || typeof t === 'number' ? t : undefined;
}

/** Validates the argument of gearman.server.submitJob. */
export function parseSubmitParams(arg: unknown): SubmitJobParams {
  const what = 'gearman.server.submitJob';
  const o = object(arg, what);
  const priority = o.priority ?? 'normal';
  if (priority !== 'high' && priority !== 'normal' && priority !== 'low')
    throw new Error(`${what}: "priority" must be high, normal or low`);
  if (o.background !== undefined && typeof o.background !== 'boolean')
    throw new Error(`${what}: "background" must be true or false`);
  const payload = str(o, 'payload', what) ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) throw new Error(`${what}: "payload" must be base64`);
  const payloadFile = str(o, 'payloadFile', what);
  if (payloadFile !== undefined && !isAbsolute(payloadFile))
    throw new Error(`${what}: "payloadFile" must be an absolute path`);
  if (payloadFile !== undefined && payload !== '')
    throw new Error(`${what}: give "payload" or "payloadFile", not both`);
  return {
    jobId: str(o, 'jobId', what, true),
    serverId: str(o, 'serverId', what),
    function: str(o, 'function', what, true),
    payload,
    ...(payloadFile !== undefined ? { payloadFile } : {}),
    priority,
    background: o.background === true,
    unique: str(o, 'unique', what),
    epoch: num(o, 'epoch', what, (n) => Number.isInteger(n) && n >= 0, 'a whole number of seconds since 1970'),
    timeoutSec: num(o, 'timeoutSec', what, (n) => n >= 0, 'a number of seconds (0: no limit)'),
    workDoneToken: token(o),
  };
}

/** Validates the argument of gearman.server.submitJobBlock. */
export function parseBlockParams(arg: unknown): SubmitBlockParams {
  const what = 'gearman.server.submitJobBlock';
  const o = object(arg, what);
  const line = num(o, 'line', what, (n) => Number.isInteger(n) && n >= 0, 'a line number from 0');
  if (line === undefined) throw new Error(`${what}: "line" is missing (a line inside the block, from 0)`);
  return {
    uri: str(o, 'uri', what, true),
    line,
    repeat: num(
      o,
      'repeat',
      what,
      (n) => Number.isInteger(n) && n >= 1 && n <= 10_000,
      'a whole number from 1 to 10000',
    ),
    jobId: str(o, 'jobId', what),
    workDoneToken: token(o),
  };
}

/** Validates the argument of gearman.server.watchJob. */
export function parseWatchParams(arg: unknown): WatchJobParams {
  const what = 'gearman.server.watchJob';
  const o = object(arg, what);
  const p: WatchJobParams = {
    jobId: str(o, 'jobId', what, true),
    serverId: str(o, 'serverId', what, true),
    handle: str(o, 'handle', what),
    unique: str(o, 'unique', what),
    intervalMs: num(o, 'intervalMs', what, (n) => n >= 100, 'at least 100 (ms)'),
  };
  if (!p.handle && !p.unique) throw new Error(`${what}: give the job's "handle" or its "unique" id`);
  return p;
}

/** Validates the argument of gearman.server.serveLocally. */
export function parseServeParams(arg: unknown): ServeLocallyParams {
  const what = 'gearman.server.serveLocally';
  const o = object(arg, what);
  const mode = o.mode ?? 'echo';
  let parsed: ServeLocallyParams['mode'];
  if (mode === 'echo') parsed = 'echo';
  else if (
    mode &&
    typeof mode === 'object' &&
    typeof (mode as Obj).command === 'string' &&
    ((mode as Obj).command as string).trim()
  )
    parsed = { command: (mode as Obj).command as string };
  else throw new Error(`${what}: "mode" must be "echo" or { "command": "<shell command>" }`);
  return { serverId: str(o, 'serverId', what, true), function: str(o, 'function', what, true), mode: parsed };
}

/** Validates the argument of gearman.server.requestAsBlock: a request (as submitJob takes it, without jobId) and a title. */
export function parseAsBlockParams(arg: unknown): { request: SubmitJobParams; title?: string } {
  const what = 'gearman.server.requestAsBlock';
  const o = object(arg, what);
  const request = parseSubmitParams({ ...object(o.request, `${what} "request"`), jobId: '-' });
  return { request, title: str(o, 'title', what) };
}
