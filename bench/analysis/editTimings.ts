// What bench/analysis/timedServer.ts records per edit, shared with the benchmark that asks for it.

/** What the server did for one didChange, in epoch milliseconds and durations. */
export interface EditTiming {
  version: number;
  /** didChange handler entered (the message was read and decoded). */
  received: number;
  /** didChange handler returned (TextDocument.update and DocumentTrees.change done). */
  applied: number;
  /** Time inside DocumentTrees.change, and the tree-sitter parse inside that. */
  changeMs: number;
  parseMs: number;
  /** The first DocumentTrees.sites call after the edit: the coalesced pass started. */
  passStarted?: number;
  /** Time inside DocumentTrees.sites calls of that pass, and inside the tree-sitter query (CallSiteAnalyzer.extraction) within them. */
  sitesMs: number;
  queryMs: number;
  /** Time inside WorkspaceIndex.sitesNamed during the pass (its name table is rebuilt after the open document's sites changed). */
  indexMs: number;
  /** Time inside JSON.stringify during the pass (the key that skips publishing unchanged diagnostics). */
  stringifyMs: number;
  /** sendDiagnostics called for this version. */
  sent?: number;
}

/** The request that returns the records. */
export const EDIT_TIMINGS = 'bench/editTimings';
