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

/** Where each wire name is among some documents' sites (for one role), and those names' sites as asked for. */
interface Group {
  at: Map<string, number[]>;
  located: Map<string, Located[]>;
}

const NONE: Located[] = [];

/** The sites of some documents, grouped by role and wire name as they are asked for. */
class Part {
  /** All sites, one after the other, and the document of each (an open document's part uses its own array). */
  private readonly sites: CallSite[];
  private readonly uris: (i: number) => string;
  private readonly byRole = new Map<RoleKey, Group>();
  /** Groups to take over: before an edit, when its sites had the same roles and names in the same order. */
  private previous?: Map<RoleKey, Group>;

  constructor(entries: [uri: string, sites: CallSite[]][], before?: Part) {
    if (entries.length === 1) {
      const [uri, sites] = entries[0];
      this.sites = sites;
      this.uris = () => uri;
    } else {
      this.sites = [];
      const uris: string[] = [];
      for (const [uri, list] of entries)
        for (const s of list) {
          this.sites.push(s);
          uris.push(uri);
        }
      this.uris = (i) => uris[i];
    }
    // Only the groups are taken from before, never its own before: no chain of old parts stays alive.
    const groups = before && (before.byRole.size ? before.byRole : before.previous);
    if (groups && sameNames(before.sites, this.sites)) this.previous = groups;
  }

  private group(role: RoleKey): Group {
    let g = this.byRole.get(role);
    if (g) return g;
    let at = this.previous?.get(role)?.at;
    if (!at) {
      at = new Map();
      for (let i = 0; i < this.sites.length; i++) {
        const s = this.sites[i];
        if (role !== 'any' && s.role !== role) continue;
        const l = at.get(s.wireName);
        if (l) l.push(i);
        else at.set(s.wireName, [i]);
      }
    }
    g = { at, located: new Map() };
    this.byRole.set(role, g);
    return g;
  }

  /** Sites of `role` named `wireName`, in document order. */
  named(role: RoleKey, wireName: string): Located[] {
    const g = this.group(role);
    let l = g.located.get(wireName);
    if (!l) {
      const at = g.at.get(wireName);
      l = at ? at.map((i) => ({ uri: this.uris(i), site: this.sites[i] })) : NONE;
      g.located.set(wireName, l);
    }
    return l;
  }

  /** Every wire name of `role`. */
  names(role: RoleKey): Iterable<string> {
    return this.group(role).at.keys();
  }
}

// Same roles and wire names in the same order (the sites themselves may have moved lines).
function sameNames(a: CallSite[], b: CallSite[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i] && (a[i].wireName !== b[i].wireName || a[i].role !== b[i].role)) return false;
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
      list = [];
      for (const part of [this.files, ...this.docs.values()])
        for (const l of part.named(role ?? 'any', wireName)) list.push(l);
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
        for (const name of part.names('any')) {
          let l = all.get(name);
          if (!l) all.set(name, (l = []));
          for (const x of part.named('any', name)) l.push(x);
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
