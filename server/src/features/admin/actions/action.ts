// What one admin action is: its kind on the wire, the gearmand command it sends, whether it
// changes the server, how its arguments are checked and how it runs. Each action is one
// module in this folder, listed in index.ts; the snapshot's `actions`, the request's checks
// and the client's menus all follow from that list.
import {
  commandSupported,
  serverTitle,
  type AdminClient,
  type AdminCommand,
  type Endpoint,
  type ServerVersion,
} from '../../../gearman';
import { inert } from '../../../text/inert';
import type { AdminResult } from '../types';

/** A configured server an action runs on. */
export interface ActionTarget {
  id: string;
  name: string;
  endpoint: Endpoint;
}

/** Where action lines go (the "Gearman" log). */
export type ActionLog = (level: 'info' | 'warn', message: string) => void;

/** What a running action gets: an open admin connection and the server's version. */
export interface RunContext {
  admin: AdminClient;
  version: ServerVersion;
  target: ActionTarget;
  /** The server as messages name it: `prod (10.0.0.5:4730)`. */
  where: string;
  log: ActionLog;
}

/** One admin action; `A` is its message on the wire (`{ kind, ...arguments }`). */
export interface AdminActionModule<A extends { kind: string }> {
  kind: A['kind'];
  /** The gearmand command it sends (undefined: only commands every server answers). */
  command?: AdminCommand;
  /** Changes the server: refused on readOnly and blocked servers, logged, and the registry is refreshed after it. */
  changes: boolean;
  /** Names to announce for a server of this version (default: the kind, when `command` is supported). */
  announce?(v: ServerVersion): string[];
  /** Why `a` (already known to be an object with this kind) is not a valid action; undefined when it is. */
  check(a: Record<string, unknown>): string | undefined;
  /** Runs the action; refusals throw AdminError. */
  run(c: RunContext, a: A): Promise<AdminResult>;
}

/** Data of a refused or failed admin action (the `data` of its ResponseError). */
export interface AdminErrorData {
  /** HAS_JOBS, AMBIGUOUS_NAME, NOT_FOUND, EXISTS, UNSUPPORTED, BAD_ARGUMENT, BLOCKED, UNKNOWN_SERVER, FAILED or a GearmanError code. */
  code: string;
  /** Queued and running jobs of the function (drop refused with HAS_JOBS). */
  queued?: number;
  running?: number;
}

/** An admin action that was refused or failed, in words a user can act on. */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extra: Omit<AdminErrorData, 'code'> = {},
  ) {
    super(message);
    this.name = 'AdminError';
  }

  /** The error's data for the wire. */
  get data(): AdminErrorData {
    return { code: this.code, ...this.extra };
  }
}

/** Types an action module (keeps `A` for the AdminAction union). */
export function defineAction<A extends { kind: string }>(m: AdminActionModule<A>): AdminActionModule<A> {
  return m;
}

/** True when the server is known to answer `command`. */
export function supports(v: ServerVersion, command: AdminCommand): boolean {
  return commandSupported(v, command) === true;
}

/** Refuses an action because the server does not answer `command`. */
export function unsupported(c: RunContext, command: AdminCommand): AdminError {
  const shownCommand = command === 'maxqueue priorities' ? 'maxqueue with high/normal/low limits' : command;
  return new AdminError(
    `${serverTitle(c.version)} at ${c.target.id} does not support \`${shownCommand}\``,
    'UNSUPPORTED',
  );
}

/** Inert, bounded text for a name in messages and the log. */
export function shown(name: string): string {
  return inert(name, 200);
}

/** A non-empty string argument. */
export function isName(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0;
}

/** Logs a change that was made and returns it as the result. */
export function done(c: RunContext, message: string): AdminResult {
  c.log('info', `Admin: ${message}`);
  return { ok: true, message };
}

/** Refuses unless the server has a function named exactly `fn` (gearmand would accept the command and ignore it). */
export async function requireFunction(
  c: RunContext,
  fn: string,
  why: string,
): Promise<{ name: string; queued: number; running: number }[]> {
  const status = await c.admin.status();
  if (!status.some((r) => r.name === fn))
    throw new AdminError(`${c.where} has no function ${shown(fn)}${why}`, 'NOT_FOUND');
  return status;
}
