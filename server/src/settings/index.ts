// `gearman.*` parsed once per change into one typed object that every feature reads; no
// feature parses raw settings again. Problems (an entry that cannot be used, a value out of
// range) are collected here, each naming the setting and what to fix.
import { parseLimits, type Limits } from './limits';
import { parseNameSettings, type NameSettings } from './names';
import type { RawSettings } from './read';
import type { RegistrySettings } from './servers';
import { resolveServers, type TrustState } from './sources';
import { parseWatches, type Watch } from './watches';

export type { Limits } from './limits';
export type { DiagnosticsScope, NameSettings, UnknownSeverity } from './names';
export type { RawSettings } from './read';
export type { RegistrySettings } from './servers';
export type { TrustState } from './sources';
export type { Watch } from './watches';

/** Every `gearman.*` setting the server uses, validated. */
export interface Settings {
  /** The servers (user and workspace entries, trust applied) and the poll interval. */
  registry: RegistrySettings;
  /** The function-name checks. */
  names: NameSettings;
  /** Bounds on what comes in. */
  limits: Limits;
  /** Functions watched for a long queue, an old job or no worker (`gearman.watches`). */
  watches: Watch[];
  /** Whether the workspace is trusted (from the client; other editors: true). */
  trusted: boolean;
  /** One readable line per value that was ignored or replaced by its default. */
  problems: string[];
}

/** Parses the raw `gearman` section under the client's trust state. */
export function parseSettings(raw: RawSettings, trust: TrustState): Settings {
  const registry = resolveServers(raw.servers, raw.refreshInterval, trust);
  const names = parseNameSettings(raw);
  const { limits, problems } = parseLimits(raw);
  const watches = parseWatches(raw);
  return {
    registry,
    names,
    limits,
    watches: watches.watches,
    trusted: trust.trusted,
    problems: [...registry.problems, ...names.problems, ...problems, ...watches.problems],
  };
}
