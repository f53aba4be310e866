// Every admin action, one module each. Adding an action: write its module, list it here,
// and give the client a command and a menu entry (client/src/commands/admin.ts, package.json).
import type { ServerVersion } from '../../../gearman';
import { supports, type AdminActionModule } from './action';
import { cancelJobs } from './cancelJobs';
import { createFunction } from './createFunction';
import { dropFunction } from './dropFunction';
import { info } from './info';
import { jobs } from './jobs';
import { maxQueue } from './maxQueue';
import { uniqueJobs } from './uniqueJobs';

/** The actions, in the order the snapshot announces them. */
export const ACTIONS = [info, jobs, uniqueJobs, cancelJobs, createFunction, dropFunction, maxQueue] as const;

type ActionOf<M> = M extends AdminActionModule<infer A> ? A : never;
/** An admin action on one server, as sent in `gearman/admin`. */
export type AdminAction = ActionOf<(typeof ACTIONS)[number]>;

const byKind = new Map<string, AdminActionModule<AdminAction>>(
  ACTIONS.map((m) => [m.kind, m as AdminActionModule<AdminAction>]),
);

/** The module of an action kind, if there is one. */
export function actionModule(kind: unknown): AdminActionModule<AdminAction> | undefined {
  return typeof kind === 'string' ? byKind.get(kind) : undefined;
}

/** Names of what a server of this version offers (the snapshot's `actions`); none that change it when it is readOnly. */
export function announcedActions(v: ServerVersion, readOnly: boolean): string[] {
  return ACTIONS.flatMap((m) => (m.changes && readOnly ? [] : announced(m as AdminActionModule<AdminAction>, v)));
}

/** What one module announces for a server of this version. */
export function announced(m: AdminActionModule<AdminAction>, v: ServerVersion): string[] {
  if (m.announce) return m.announce(v);
  return !m.command || supports(v, m.command) ? [m.kind] : [];
}

/** Checks the shape of an action from the wire; returns a message when it is not one. */
export function badAction(a: unknown): string | undefined {
  if (!a || typeof a !== 'object') return 'No admin action given';
  const x = a as Record<string, unknown>;
  const m = actionModule(x.kind);
  return m ? m.check(x) : `Unknown admin action ${JSON.stringify(x.kind)}`;
}
