// The language server (server/src/startServer.ts, the same sources as dist/server.js) with timing
// wrappers around the steps between a didChange and the publishDiagnostics it causes, so the
// benchmark can say where the time of an edit goes. The wrappers patch prototypes (and
// JSON.stringify) from outside; the server's code is unchanged. Run over stdio like the real server:
//   node bench/out/analysis/timedServer.js --stdio
// `bench/editTimings` (a request) returns one record per edit. Times are epoch milliseconds
// (performance.timeOrigin + performance.now()), comparable with the benchmark process's.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CallSiteAnalyzer, DocumentTrees } from '../../server/src/analysis';
import { WorkspaceIndex } from '../../server/src/features/callSites/workspaceIndex';
import { processOptions, startServer } from '../../server/src/startServer';
import { EDIT_TIMINGS, type EditTiming } from './editTimings';

const now = () => performance.timeOrigin + performance.now();
const records: EditTiming[] = [];
let current: EditTiming | undefined;
let inChange = false;

/** Replaces proto[name] with a wrapper that runs `before`, then the original, then passes its duration to `took`. */
function timed<T extends object, K extends keyof T>(
  proto: T,
  name: K,
  took: (ms: number) => void,
  before: () => void = () => undefined,
): void {
  const original = proto[name] as (...args: unknown[]) => unknown;
  (proto as Record<K, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    before();
    const t = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      took(performance.now() - t);
    }
  };
}

timed(
  DocumentTrees.prototype,
  'change',
  (ms) => {
    inChange = false;
    if (current) current.changeMs += ms;
  },
  () => {
    inChange = true;
  },
);
timed(CallSiteAnalyzer.prototype, 'parse', (ms) => {
  if (inChange && current) current.parseMs += ms;
});
let sitesFor: EditTiming | undefined;
timed(
  DocumentTrees.prototype,
  'sites',
  (ms) => {
    if (sitesFor) sitesFor.sitesMs += ms;
    sitesFor = undefined;
  },
  () => {
    sitesFor = current && current.sent === undefined ? current : undefined;
    if (sitesFor && sitesFor.passStarted === undefined) sitesFor.passStarted = now();
  },
);
timed(CallSiteAnalyzer.prototype, 'extraction', (ms) => {
  if (sitesFor && inPass()) current!.queryMs += ms;
});
timed(WorkspaceIndex.prototype, 'sitesNamed', (ms) => {
  if (inPass()) current!.indexMs += ms;
});
timed(JSON, 'stringify', (ms) => {
  if (inPass()) current!.stringifyMs += ms;
});

/** True between the first DocumentTrees.sites call after an edit and its sendDiagnostics. */
function inPass(): boolean {
  return current !== undefined && current.passStarted !== undefined && current.sent === undefined;
}

const connection = createConnection(ProposedFeatures.all);
const onDidChange = connection.onDidChangeTextDocument.bind(connection);
connection.onDidChangeTextDocument = (handler) =>
  onDidChange((e) => {
    current = {
      version: e.textDocument.version,
      received: now(),
      applied: 0,
      changeMs: 0,
      parseMs: 0,
      sitesMs: 0,
      queryMs: 0,
      indexMs: 0,
      stringifyMs: 0,
    };
    records.push(current);
    try {
      return handler(e);
    } finally {
      current.applied = now();
    }
  });
const sendDiagnostics = connection.sendDiagnostics.bind(connection);
connection.sendDiagnostics = (p) => {
  if (current && p.version === current.version && current.sent === undefined) current.sent = now();
  return sendDiagnostics(p);
};
connection.onRequest(EDIT_TIMINGS, () => records);
startServer(connection, processOptions(__dirname));
