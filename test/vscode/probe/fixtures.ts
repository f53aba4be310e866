// What the probe extension shows, shared with the tests that look for it (no `vscode` import here).

/** Notification text shown by the "Gearman Probe: Show Test Notification" command. */
export const PROBE_NOTIFICATION = 'Probe warning: something to act on';
/** Message of the diagnostic the probe puts on client.py line 5. */
export const PROBE_DIAGNOSTIC = 'probe diagnostic on result';
/** Prefix of the probe's hover on Python files. */
export const PROBE_HOVER = 'probe hover:';
