// Text shown in the tree, status bar and log for registry data. Pure (no vscode import)
// so it is unit-tested; names from the wire are made inert and bounded here.
import {
  endpointLabel,
  inert,
  nameMatchesFilter,
  type FunctionInfo,
  type JobEntry,
  type ServerSnapshot,
  type WorkerInfo,
} from '../../../server/src/protocol';

export { inert };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `2 workers · 12 queued · 3 running`: workers first (whether jobs can run at all), then only the counts that are not 0. */
export function functionDescription(f: FunctionInfo): string {
  return [
    count(f.workers, 'worker'),
    f.queued ? `${f.queued.toLocaleString('en-US')} queued` : '',
    f.running ? `${f.running.toLocaleString('en-US')} running` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** True when jobs wait and nobody can take them. */
export function isStarved(f: FunctionInfo): boolean {
  return f.queued > 0 && f.workers === 0;
}

/** Tooltip of a function row, with per-priority queues when known. */
export function functionTooltip(f: FunctionInfo, server: ServerSnapshot): string {
  const lines = [
    `${inert(f.name, 500)} on ${inert(server.name)}`,
    `${count(f.workers, 'worker')} · ${f.queued} queued · ${f.running} running`,
  ];
  if (f.priority)
    lines.push(`queued by priority: ${f.priority.high} high · ${f.priority.normal} normal · ${f.priority.low} low`);
  if (isStarved(f)) lines.push('Jobs are queued but no worker has registered this function.');
  const stale = staleLine(server);
  if (stale) lines.push(stale);
  return lines.join('\n');
}

/** How far up a function sorts when problems come first: 0 jobs queued and no worker, 1 jobs queued, 2 the rest. */
export function problemRank(f: FunctionInfo): number {
  return isStarved(f) ? 0 : f.queued > 0 ? 1 : 2;
}

/** Functions in the order the tree shows them: by name (as the server sends them), or problems first and then by name. */
export function sortFunctions(fs: FunctionInfo[], problemsFirst: boolean): FunctionInfo[] {
  return problemsFirst ? [...fs].sort((a, b) => problemRank(a) - problemRank(b)) : fs;
}

/** True when the rows under a server are what it said before it went down (or was blocked). */
export function isStale(s: ServerSnapshot): boolean {
  return s.health !== 'up' && (s.functions.length > 0 || s.workers.length > 0);
}

/** `stale since 1:02 PM` (when the server was last seen) for rows under a server that is not up; undefined when it is up. Short: it must fit the sidebar. */
export function staleLabel(s: ServerSnapshot): string | undefined {
  if (!isStale(s)) return undefined;
  return s.lastSeen
    ? `stale since ${new Date(s.lastSeen).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`
    : 'stale';
}

/** The tooltip line that says why rows are stale. */
function staleLine(s: ServerSnapshot): string | undefined {
  if (!isStale(s)) return undefined;
  return `Stale: ${inert(s.name)} is ${s.health}; these counts are what it said when last seen${s.lastSeen ? ` at ${new Date(s.lastSeen).toLocaleTimeString()}` : ''}.`;
}

/** `3 functions · 2 workers · 5 queued`: what a server holds (the rows it did not list included). */
export function serverSummary(s: ServerSnapshot): string {
  const functions = s.functions.length + (s.functionsOmitted ?? 0);
  const workers = s.workers.length + (s.workersOmitted ?? 0);
  const queued = s.functions.reduce((n, f) => n + f.queued, 0);
  return `${count(functions, 'function')} · ${count(workers, 'worker')} · ${queued.toLocaleString('en-US')} queued`;
}

/** Server row description: when up its summary and version, else the state; then what the user must know (unverified TLS, read-only, source). */
export function serverDescription(s: ServerSnapshot): string {
  let state: string;
  switch (s.health) {
    case 'up':
      state = [
        serverSummary(s),
        [s.kind === 'perl' ? 'Perl' : undefined, inert(s.version ?? '', 40)].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'down':
      state = 'down';
      break;
    case 'blocked':
      state = 'blocked';
      break;
    default:
      state = 'connecting…';
  }
  return [
    state,
    s.tlsUnverified ? 'TLS unverified' : '',
    s.readOnly ? 'read-only' : '',
    s.source === 'workspace' ? 'workspace' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The line shown under a server that is not up (so its row can stay expandable); undefined when it is up. */
export function serverStateLine(s: ServerSnapshot): string | undefined {
  switch (s.health) {
    case 'up':
      return undefined;
    case 'unknown':
      return `Connecting to ${inert(endpointLabel(s))}…`;
    default:
      return s.error ? inert(s.error, 500) : s.health === 'blocked' ? 'Not connected: workspace not trusted' : 'Down';
  }
}

/** Server tooltip: address, version, state and error. */
export function serverTooltip(s: ServerSnapshot, usingDefault: boolean): string {
  const lines = [`${inert(s.name)} (${inert(endpointLabel(s))}${s.tls ? ', TLS' : ''})`];
  if (usingDefault) lines.push('gearman.servers is empty, so localhost:4730 is used.');
  if (s.source === 'user' || s.source === 'workspace') lines.push(`From ${s.source} settings.`);
  if (s.tlsUnverified)
    lines.push(
      'Certificate checks are OFF (tls.insecureSkipVerify): anyone on the network path can read and change jobs.',
    );
  if (s.readOnly) lines.push('Read-only (readOnly in gearman.servers): nothing that changes this server is offered.');
  if (s.version) lines.push(`${s.kind === 'perl' ? 'Perl Gearman::Server' : 'gearmand'} ${s.version}`);
  lines.push(`State: ${s.health}`);
  if (s.health === 'up') lines.push(serverSummary(s));
  if (s.error) lines.push(`Error: ${inert(s.error, 500)}`);
  if (s.lastSeen) lines.push(`Last seen: ${new Date(s.lastSeen).toLocaleTimeString()}`);
  return lines.join('\n');
}

/** Worker row label: address and client id. */
export function workerLabel(w: WorkerInfo): string {
  return w.clientId && w.clientId !== '-' ? `${inert(w.address)} · ${inert(w.clientId)}` : inert(w.address);
}

/** The functions of a worker, each once, in the order it registered them. */
export function workerFunctions(w: WorkerInfo): string[] {
  return [...new Set(w.functions)];
}

/** Worker row description: the functions it serves (the first three, then how many more). */
export function workerDescription(w: WorkerInfo): string {
  const names = workerFunctions(w);
  const more = Math.max(0, names.length - 3) + (w.functionsOmitted ?? 0);
  const shown = names
    .slice(0, 3)
    .map((n) => inert(n, 40))
    .join(', ');
  return more > 0 ? `${shown} +${more.toLocaleString('en-US')} more` : shown || 'no functions';
}

/** Worker row tooltip: address, client id, connection and every function. */
export function workerTooltip(w: WorkerInfo, s: ServerSnapshot): string {
  const names = workerFunctions(w);
  const lines = [
    workerLabel(w),
    `Connection fd ${inert(w.fd, 20)}${w.clientId && w.clientId !== '-' ? '' : ' (no client id set)'}`,
    `${count(names.length + (w.functionsOmitted ?? 0), 'function')}: ${names.map((n) => inert(n, 80)).join(', ')}${w.functionsOmitted ? ` and ${w.functionsOmitted} more` : ''}`,
  ];
  const stale = staleLine(s);
  if (stale) lines.push(stale);
  return lines.join('\n');
}

/**
 * Status bar text: `Gearman: 2/3 servers`, or `Gearman: connecting…` until a first poll has
 * answered or failed; while nothing polls (no view or file needs server data), `· paused` after
 * what was last seen, never "connecting".
 */
export function statusBarText(servers: ServerSnapshot[], polling: boolean): string {
  const n = `${servers.length} ${servers.length === 1 ? 'server' : 'servers'}`;
  const unseen = servers.every((s) => s.health === 'unknown');
  const seen = unseen ? n : `${servers.filter((s) => s.health === 'up').length}/${n}`;
  if (!polling && servers.length) return `Gearman: ${seen} · paused`;
  return unseen ? 'Gearman: connecting…' : `Gearman: ${seen}`;
}

// ---- Admin: jobs, context values and the tree filter ----

/** Job row label: the handle, else (Perl) the unique id. */
export function jobLabel(j: JobEntry): string {
  return inert(j.handle ?? (j.unique ? `unique ${j.unique}` : '(job)'));
}

/** Job row description: state first, then what else is known. */
export function jobDescription(j: JobEntry, fn: string): string {
  const parts: string[] = [j.state === 'cancelled' ? 'cancelled (ignored)' : j.state];
  if (j.progress) parts.push(`${j.progress.numerator}/${j.progress.denominator}`);
  if (j.handle && j.unique !== undefined) parts.push(`unique ${inert(j.unique, 40)}`);
  if (j.retries) parts.push(`${j.retries} retries`);
  if (j.function === undefined)
    parts.push(
      j.candidates && j.candidates.length > 1
        ? `function not certain (${j.candidates.length} possible)`
        : 'function not certain',
    );
  else if (j.function !== fn) parts.push(`of ${inert(j.function, 40)}`);
  return parts.join(' · ');
}

/** Job row tooltip: every field, what the state means, and how the job was matched. */
export function jobTooltip(j: JobEntry, server: ServerSnapshot, matching?: string): string {
  const lines = [`${j.handle ? `Job ${inert(j.handle, 200)}` : 'Job'} on ${inert(server.name)}`];
  if (j.unique !== undefined) lines.push(`Unique id: ${inert(j.unique, 500)}`);
  else if (j.handle) lines.push('Unique id: not known for certain');
  lines.push(
    j.function !== undefined
      ? `Function: ${inert(j.function, 500)}`
      : `Function: one of ${(j.candidates ?? []).map((c) => inert(c, 80)).join(', ') || '(unknown)'}`,
  );
  if (j.retries !== undefined) lines.push(`Retries: ${j.retries}`);
  if (j.waitingClients !== undefined) lines.push(`Clients waiting: ${j.waitingClients}`);
  if (j.worker) lines.push(`Worker: ${inert(j.worker)}`);
  lines.push(STATE_HELP[j.state]);
  if (matching) lines.push('', matching);
  return lines.join('\n');
}

const STATE_HELP: Record<JobEntry['state'], string> = {
  queued: 'Queued: waiting for a worker. It can be cancelled.',
  running: 'Running: a worker has it. A running job cannot be stopped.',
  cancelled:
    'Cancelled: it will not run. gearmand 1.1.x keeps listing it (marked ignored, and counted in status) until a worker for its function takes and discards it.',
};

/** True when the language server announced `action` for this server (server/src/features/admin/actions/). */
export function offers(s: ServerSnapshot, action: string): boolean {
  return s.actions.includes(action);
}

/** True when the function row can list its jobs: the server is up, offers `jobs`, and the function has some. */
export function listsJobs(s: ServerSnapshot, f: FunctionInfo): boolean {
  return s.health === 'up' && offers(s, 'jobs') && f.queued + f.running > 0;
}

function flags(f: Record<string, boolean>): string {
  return Object.entries(f)
    .filter(([, on]) => on)
    .map(([k]) => `.${k}`)
    .join('');
}

/** `.<kind>` for each admin action the server announced, while it is up: package.json menus match these. */
function actionFlags(s: ServerSnapshot): string {
  return s.health === 'up' ? s.actions.map((a) => `.${a}`).join('') : '';
}

/** contextValue of a server row: `server.<health>.<kind>`, `.editable`, then the announced actions. */
export function serverContextValue(s: ServerSnapshot): string {
  return `server.${s.health}.${s.kind ?? 'unknown'}${flags({ editable: s.source !== 'default' })}${actionFlags(s)}`;
}

/** contextValue of a function row: `function`, `.busy` when it has jobs, then the announced actions. */
export function functionContextValue(s: ServerSnapshot, f: FunctionInfo): string {
  return `function${flags({ busy: f.queued + f.running > 0 })}${actionFlags(s)}`;
}

/** contextValue of a job row: `job.<state>`, `.handle`, `.unique`, then the announced actions. */
export function jobContextValue(s: ServerSnapshot, j: JobEntry): string {
  return `job.${j.state}${flags({ handle: !!j.handle, unique: j.unique !== undefined })}${actionFlags(s)}`;
}

/** The tree filter: a function-name substring, whether to hide functions with no jobs and no workers, and the order. */
export interface TreeFilter {
  text: string;
  hideEmpty: boolean;
  /** Functions with queued jobs and no worker first, then those with queued jobs, then the rest (by name within each). */
  problemsFirst?: boolean;
}

/** True when the function row passes the filter (names compared as shown, without case). */
export function passesFilter(f: FunctionInfo, filter: TreeFilter): boolean {
  if (filter.hideEmpty && f.queued + f.running + f.workers === 0) return false;
  return nameMatchesFilter(f.name, filter.text);
}

/** Text of the view description for an active filter ('' when none). */
export function filterDescription(filter: TreeFilter): string {
  return [
    filter.text ? `filter: ${inert(filter.text, 40)}` : '',
    filter.hideEmpty ? 'hiding idle functions' : '',
    filter.problemsFirst ? 'problems first' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

// ---- Rows a server listed beyond gearman.explorer.maxRows ----

/** Rows of a group the server listed but the language server did not keep. */
export function omittedRows(s: ServerSnapshot, group: 'functions' | 'workers'): number {
  return (group === 'functions' ? s.functionsOmitted : s.workersOmitted) ?? 0;
}

/** Description of a Functions / Workers row: `12`, `3 of 12 (filtered)`, `2,000 of 9,000`. */
export function groupDescription(shown: number, total: number, filtered: boolean): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return shown === total ? n(total) : `${n(shown)} of ${n(total)}${filtered ? ' (filtered)' : ''}`;
}

/** Label of the "N more" row. */
export function moreLabel(s: ServerSnapshot, group: 'functions' | 'workers'): string {
  const n = omittedRows(s, group);
  return `${n.toLocaleString('en-US')} more ${group === 'functions' ? (n === 1 ? 'function' : 'functions') : n === 1 ? 'worker' : 'workers'}`;
}

/** Tooltip of the "N more" row: why rows are missing, which were kept, what to do. */
export function moreTooltip(s: ServerSnapshot, group: 'functions' | 'workers', filtering: boolean): string {
  const kept = group === 'functions' ? s.functions.length : s.workers.length;
  const lines = [
    `${inert(s.name)} lists ${moreLabel(s, group)} than the ${kept.toLocaleString('en-US')} kept (gearman.explorer.maxRows).`,
  ];
  if (group === 'functions') {
    lines.push('Kept first: functions with jobs or workers, then those matching the filter, then the rest by name.');
    lines.push(filtering ? 'Change the filter to look for others.' : 'Filter by name to find one that is not shown.');
  } else {
    lines.push('Kept first: connections that registered functions, in the order the server lists them.');
  }
  return lines.join('\n');
}
