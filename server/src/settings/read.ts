// Reads the `gearman` settings: from `workspace/configuration` when the client offers it,
// else from `initializationOptions` (editors that pass settings once at start).
import type { Connection } from 'vscode-languageserver';

/** The raw `gearman` settings object (any JSON; validated by each consumer). */
export type RawSettings = Record<string, unknown>;

/** Pulls the current `gearman` section, falling back to what initialize carried. */
export async function readSettings(
  connection: Connection,
  canPull: boolean,
  initial: RawSettings,
): Promise<RawSettings> {
  if (!canPull) return initial;
  try {
    const s: unknown = await connection.workspace.getConfiguration('gearman');
    return s && typeof s === 'object' ? { ...initial, ...(s as RawSettings) } : initial;
  } catch {
    return initial;
  }
}

/** Accepts `{ gearman: {...} }`, `{ servers: ... }` or dotted keys as initializationOptions. */
export function settingsFromInitOptions(opts: unknown): RawSettings {
  if (!opts || typeof opts !== 'object') return {};
  const o = opts as RawSettings;
  const nested = o.gearman && typeof o.gearman === 'object' ? (o.gearman as RawSettings) : o;
  const out: RawSettings = { ...nested };
  for (const [k, v] of Object.entries(o)) if (k.startsWith('gearman.')) out[k.slice('gearman.'.length)] = v;
  return out;
}

/** The value at a dotted path: a dotted key as sent by some editors (`index.exclude`), else the nested value. */
export function settingAt(s: RawSettings, path: string): unknown {
  if (Object.hasOwn(s, path)) return s[path];
  let v: unknown = s;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
