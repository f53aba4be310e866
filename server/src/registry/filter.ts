// The Servers view's function filter, shared: the view filters the rows it draws with it, and
// the registry keeps matching functions first when a server lists more than maxRows, so what
// the user filters for is among the rows kept.
import { inert } from '../text/inert';

/** The filter of the Servers view, as the client sends it (gearman/setViewFilter). */
export interface ViewFilter {
  /** Part of a function name, compared as shown and without case; empty: every name. */
  text: string;
}

/** True when a function name passes the filter text. */
export function nameMatchesFilter(name: string, text: string): boolean {
  return !text || inert(name, 10_000).toLowerCase().includes(text.toLowerCase());
}
