// The workspace's call sites grouped by wire name, for the lookups every check and answer makes
// (who registers `resize`, where is it submitted). Kept in parts, the indexed files and each open
// document, so an edit rebuilds only its own document's part, and only the groups asked for: the
// checks of an edit ask for the registrations of the names it submits.
import type { CallSite } from '../../analysis';

/** A call site and the document it is in. */
export interface Located {
  uri: string;
  site: CallSite;
}

type RoleKey = CallSite['role'] | 'any';

/** The sites of some documents, grouped by role and wire name as they are asked for. */
class Part {
  private readonly byRole = new Map<RoleKey, { sites: CallSite[]; names: Map<string, Located[]> }>();
  private previous?: Part['byRole'];

  /** `before`: this document's part before its sites changed, whose groups are taken over where its sites of a role are the same objects. */
  constructor(private readonly entries: [uri: string, sites: CallSite[]][], before?: Part) {
    // Only the groups are taken from before, never its own before: no chain of old parts stays alive.
    this.previous = before && (before.byRole.size ? before.byRole : before.previous);
  }

  names(role: RoleKey): Map<string, Located[]> {
    const got = this.byRole.get(role);
    if (got) return got.names;
    const sites: CallSite[] = [];
    for (const [, list] of this.entries) for (const s of list) if (role === 'any' || s.role === role) sites.push(s);
    const old = this.previous?.get(role);
    let names = old && sameItems(old.sites, sites) ? old.names : undefined;
    if (!names) {
      names = new Map();
      for (const [uri, list] of this.entries) {
        for (const site of list) {
          if (role !== 'any' && site.role !== role) continue;
          const l = names.get(site.wireName);
          if (l) l.push({ uri, site });
          else names.set(site.wireName, [{ uri, site }]);
        }
      }
    }
    this.byRole.set(role, { sites, names });
    return names;
  }
}

function sameItems<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sites by wire name over the indexed files (those not open) and the open documents, in that order. */
export class NameLookup {
  private files?: Part;
  private readonly docs = new Map<string, Part>();
  private readonly merged = new Map<string, Located[]>();
  private all?: Map<string, Located[]>;

  /** `fileEntries`: the indexed files that are not open, with their sites, in index order. */
  constructor(private readonly fileEntries: () => [uri: string, sites: CallSite[]][]) {}

  /** The indexed files or which documents are open changed. */
  filesChanged(): void {
    this.files = undefined;
    this.clear();
  }

  /** An open document's sites changed (or it was opened). */
  docChanged(key: string, uri: string, sites: CallSite[]): void {
    this.docs.set(key, new Part([[uri, sites]], this.docs.get(key)));
    this.clear();
  }

  /** A document was closed. */
  docClosed(key: string): void {
    this.docs.delete(key);
    this.filesChanged();
  }

  /** Sites of one wire name, of one role or all. */
  named(wireName: string, role?: CallSite['role']): Located[] {
    const key = `${role ?? 'any'}\u0000${wireName}`;
    let list = this.merged.get(key);
    if (!list) {
      this.files ??= new Part(this.fileEntries());
      list = [...(this.files.names(role ?? 'any').get(wireName) ?? [])];
      for (const part of this.docs.values()) list.push(...(part.names(role ?? 'any').get(wireName) ?? []));
      this.merged.set(key, list);
    }
    return list;
  }

  /** Every site, grouped by wire name. */
  names(): Map<string, Located[]> {
    if (!this.all) {
      this.files ??= new Part(this.fileEntries());
      const all = new Map<string, Located[]>();
      for (const part of [this.files, ...this.docs.values()]) {
        for (const [name, list] of part.names('any')) {
          const l = all.get(name);
          if (l) l.push(...list);
          else all.set(name, [...list]);
        }
      }
      this.all = all;
    }
    return this.all;
  }

  private clear(): void {
    this.merged.clear();
    this.all = undefined;
  }
}
