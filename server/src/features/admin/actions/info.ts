// Server info: version, pid and log level, and which optional commands the server lacks.
import { commandSupported, serverTitle, type AdminCommand } from '../../../gearman';
import { defineAction, supports } from './action';
import type { ServerInfo } from '../types';

/** Commands whose absence the UI explains. */
const OPTIONAL: AdminCommand[] = [
  'show jobs',
  'show unique jobs',
  'cancel job',
  'create function',
  'drop function',
  'maxqueue',
  'maxqueue priorities',
  'getpid',
  'verbose',
  'prioritystatus',
];

/** `{ kind: 'info' }`: asks `version`, and `getpid` and `verbose` where the server has them. */
export const info = defineAction<{ kind: 'info' }>({
  kind: 'info',
  changes: false,
  check: () => undefined,
  async run({ admin, version }) {
    const out: ServerInfo = {
      kind: version.kind,
      version: version.version || version.raw,
      unsupported: OPTIONAL.filter((c) => commandSupported(version, c) === false),
    };
    if (supports(version, 'getpid')) out.pid = await admin.getPid();
    if (supports(version, 'verbose')) out.verbose = await admin.verbose();
    return { ok: true, message: serverTitle(version), info: out };
  },
});
