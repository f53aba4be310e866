// The options step of "Submit Job": a list that shows the current choices; picking one
// changes it, picking "Submit" goes on.
import * as vscode from 'vscode';
import type { JobRequest } from '../jobs/jobState';
import { askText, choose } from './ask';

/** The options a user can set before submitting. */
export type JobOptionsChoice = Pick<JobRequest, 'priority' | 'background' | 'unique' | 'epoch' | 'timeoutSec'>;

/** `normal priority · foreground · unique u1 · timeout 30 s`, for lists. */
export function describeOptions(o: JobOptionsChoice): string {
  const parts = [
    `${o.priority ?? 'normal'} priority`,
    o.epoch !== undefined ? `at ${new Date(o.epoch * 1000).toISOString()}` : o.background ? 'background' : 'foreground',
  ];
  if (o.unique !== undefined) parts.push(`unique ${o.unique}`);
  if (o.timeoutSec) parts.push(`timeout ${o.timeoutSec} s`);
  return parts.join(' · ');
}

/** Parses an epoch answer: unix seconds, or an ISO-8601 date-time with a zone. */
export function parseEpoch(v: string): number | string {
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/T.*(Z|[+-]\d\d:?\d\d)$/.test(s) && !Number.isNaN(Date.parse(s))) return Math.floor(Date.parse(s) / 1000);
  return 'Enter unix seconds (like 1767254400) or a date-time with a zone (like 2026-01-01T08:00:00Z).';
}

/** Shows the options list (starting from `initial`) until the user is done (or cancels: undefined). */
export async function pickOptions(
  fn: string,
  target: string,
  initial: JobOptionsChoice = { priority: 'normal', background: false },
): Promise<JobOptionsChoice | undefined> {
  const o: JobOptionsChoice = { ...initial };
  for (;;) {
    type Item = vscode.QuickPickItem & { id: string };
    const items: Item[] = [
      { id: 'submit', label: 'Done', description: describeOptions(o) },
      { id: 'priority', label: `Priority: ${o.priority}`, description: 'high, normal or low' },
      {
        id: 'background',
        label: `Background: ${o.background || o.epoch !== undefined ? 'yes' : 'no'}`,
        description: 'fire and forget; returns the job handle',
      },
      {
        id: 'unique',
        label: `Unique id: ${o.unique ?? '(none)'}`,
        description: 'gearmand merges jobs with the same id; - uses the payload',
      },
      {
        id: 'epoch',
        label: `Epoch: ${o.epoch ?? '(run now)'}`,
        description: 'run later (always background, normal priority)',
      },
      {
        id: 'timeout',
        label: `Timeout: ${o.timeoutSec ? `${o.timeoutSec} s` : '(gearman.jobs.timeout)'}`,
        description: 'stop waiting for the result after this long',
      },
    ];
    const pick = await choose(items, {
      title: `Submit ${fn} on ${target}: options`,
      placeHolder: 'Change an option, or pick Done',
    });
    switch (pick?.id) {
      case undefined:
        return undefined;
      case 'submit':
        return o;
      case 'priority': {
        const p = await choose(['high', 'normal', 'low'], { title: 'Priority' });
        if (p === 'high' || p === 'normal' || p === 'low') o.priority = p;
        if (p && p !== 'normal') o.epoch = undefined;
        break;
      }
      case 'background':
        o.background = !o.background;
        if (!o.background) o.epoch = undefined;
        break;
      case 'unique': {
        const u = await askText({
          title: 'Unique id',
          prompt: 'At most 64 bytes; empty for none',
          value: o.unique ?? '',
          validateInput: (v) => (Buffer.byteLength(v) > 64 ? 'gearmand accepts at most 64 bytes' : undefined),
        });
        if (u !== undefined) o.unique = u === '' ? undefined : u;
        break;
      }
      case 'timeout': {
        const t = await askText({
          title: 'Timeout',
          prompt: 'Seconds to wait for the result; empty for the gearman.jobs.timeout setting',
          value: o.timeoutSec ? String(o.timeoutSec) : '',
          validateInput: (v) =>
            v.trim() === '' || (Number(v) > 0 && Number.isFinite(Number(v)))
              ? undefined
              : 'Enter a number of seconds above 0, or nothing',
        });
        if (t !== undefined) o.timeoutSec = t.trim() === '' ? undefined : Number(t);
        break;
      }
      case 'epoch': {
        const e = await askText({
          title: 'Epoch',
          prompt: 'Unix seconds or an ISO date-time with a zone; empty to run now',
          value: o.epoch === undefined ? '' : String(o.epoch),
          validateInput: (v) =>
            v.trim() === ''
              ? undefined
              : (() => {
                  const r = parseEpoch(v);
                  return typeof r === 'string' ? r : undefined;
                })(),
        });
        if (e !== undefined) {
          const r = e.trim() === '' ? undefined : parseEpoch(e);
          o.epoch = typeof r === 'number' ? r : undefined;
          if (o.epoch !== undefined) {
            o.background = true;
            o.priority = 'normal';
          }
        }
        break;
      }
    }
  }
}
