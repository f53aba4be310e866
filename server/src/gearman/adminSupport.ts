// Which admin commands each server kind implements, so a UI can hide what a server cannot
// do and the client can refuse it without sending anything. Facts from the gearmand
// 1.1.x sources (prioritystatus since 1.1.15, shutdown removed after 1.1.14) and Perl
// Gearman::Server 1.130 (only workers/status/jobs/clients/gladiator/maxqueue/shutdown/version,
// and maxqueue takes a single limit).
import type { ServerVersion } from './adminParse';

/** Admin commands the client knows about. `maxqueue priorities` is the 3-value form. */
export type AdminCommand =
  | 'status'
  | 'prioritystatus'
  | 'workers'
  | 'show jobs'
  | 'show unique jobs'
  | 'version'
  | 'getpid'
  | 'verbose'
  | 'maxqueue'
  | 'maxqueue priorities'
  | 'cancel job'
  | 'create function'
  | 'drop function'
  | 'shutdown'
  | 'jobs'
  | 'clients'
  | 'gladiator';

const PERL: ReadonlySet<AdminCommand> = new Set([
  'workers',
  'status',
  'jobs',
  'clients',
  'gladiator',
  'maxqueue',
  'shutdown',
  'version',
]);
const GEARMAND_NEVER: ReadonlySet<AdminCommand> = new Set(['jobs', 'clients', 'gladiator']);

/** Compares dotted versions by their leading numbers; undefined when either is not numeric. */
export function compareVersions(a: string, b: string): number | undefined {
  const pa = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(a);
  const pb = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(b);
  if (!pa || !pb) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** True/false when the server kind is known to (not) implement the command; undefined when unknown. */
export function commandSupported(server: ServerVersion | undefined, command: AdminCommand): boolean | undefined {
  if (!server) return undefined;
  switch (server.kind) {
    case 'perl':
      return PERL.has(command);
    case 'gearmand': {
      if (GEARMAND_NEVER.has(command)) return false;
      const cmp = compareVersions(server.version, '1.1.15');
      if (command === 'prioritystatus') return cmp === undefined ? undefined : cmp >= 0;
      if (command === 'shutdown') {
        const old = compareVersions(server.version, '1.1.14');
        return old === undefined ? undefined : old <= 0;
      }
      return true;
    }
    default:
      return undefined;
  }
}

/** How the server names itself in messages: `gearmand 1.1.20+ds`, `Perl Gearman::Server v1.130.1`. */
export function serverTitle(server: ServerVersion | undefined): string {
  if (!server) return 'The Gearman server';
  switch (server.kind) {
    case 'gearmand':
      return `gearmand ${server.version}`;
    case 'perl':
      return `Perl Gearman::Server v${server.version}`;
    default:
      return server.version ? `The Gearman server (version "${server.version}")` : 'The Gearman server';
  }
}

/** The words a user reads when a command is not available on a server. */
export function unsupportedMessage(
  server: ServerVersion | undefined,
  label: string,
  command: AdminCommand | string,
): string {
  const shown = command === 'maxqueue priorities' ? 'maxqueue FUNC HIGH NORMAL LOW' : command;
  const base = `${serverTitle(server)} at ${label} does not support \`${shown}\``;
  if (server?.kind === 'perl') {
    const extra =
      command === 'maxqueue priorities'
        ? '; it takes a single queue limit for all priorities'
        : '; it only answers workers, status, jobs, clients, gladiator, maxqueue, shutdown and version';
    return base + extra;
  }
  if (server?.kind === 'gearmand' && command === 'prioritystatus' && commandSupported(server, command) === false)
    return `${base}; it needs gearmand 1.1.15 or later`;
  return base;
}
