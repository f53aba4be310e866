// Making CallSite objects. Every site has its fields in one order (optional ones only when set),
// whether made from a name or moved from an earlier site: the same JSON for the same site, and
// one object shape for the loops that read many of them.
import type { ConstantUse } from './model';
import type { CallSite, Range, Role } from './types';

/** A site; `library`, `via` and `payload` are left out when undefined (or an empty library). */
export function makeSite(
  name: string,
  wireName: string,
  role: Role,
  range: Range,
  call: string,
  library?: string,
  via?: ConstantUse,
  payload?: string,
): CallSite {
  const site: CallSite = { name, wireName, role, range, call };
  if (library) site.library = library;
  if (via) site.via = via;
  if (payload !== undefined) site.payload = payload;
  return site;
}

/** `range` moved down `by` lines (columns stay). */
export function moveRange(range: Range, by: number): Range {
  return {
    start: { line: range.start.line + by, character: range.start.character },
    end: { line: range.end.line + by, character: range.end.character },
  };
}

/** `site` on other lines: an edit above it moved it down `by` lines. */
export function moveSite(site: CallSite, by: number): CallSite {
  return makeSite(
    site.name,
    site.wireName,
    site.role,
    moveRange(site.range, by),
    site.call,
    site.library,
    site.via,
    site.payload,
  );
}
