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
import { startServer } from '../../server/src/startServer';
import { EDIT_TIMINGS, type EditTiming } from './editTimings';

const now = () => performance.timeOrigin + performance.now();
const records: EditTiming[] = [];
let current: EditTiming | undefined;
let inChange = false;

function wrap<T extends object, K extends keyof T>(proto: T, name: K, around: (call: () => unknown) => unknown): void {
  const original = proto[name] as (...args: unknown[]) => unknown;
  (proto as Record<K, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    return around(() => original.apply(this, args));
  };
}

wrap(DocumentTrees.prototype, 'change', (call) => {
  const t = performance.now();
  inChange = true;
  try {
    return call();
  } finally {
    inChange = false;
    if (current) current.changeMs += performance.now() - t;
  }
});
wrap(CallSiteAnalyzer.prototype, 'parse', (call) => {
  const t = performance.now();
  try {
    return call();
  } finally {
    if (inChange && current) current.parseMs += performance.now() - t;
  }
});
let inSites = false;
wrap(DocumentTrees.prototype, 'sites', (call) => {
  const pending = current && current.sent === undefined ? current : undefined;
  if (pending && pending.passStarted === undefined) pending.passStarted = now();
  const t = performance.now();
  inSites = true;
  try {
    return call();
  } finally {
    inSites = false;
    if (pending) pending.sitesMs += performance.now() - t;
  }
});
wrap(CallSiteAnalyzer.prototype, 'extraction', (call) => {
  const t = performance.now();
  try {
    return call();
  } finally {
    if (inSites && inPass()) current!.queryMs += performance.now() - t;
  }
});
wrap(WorkspaceIndex.prototype, 'sitesNamed', (call) => {
  const t = performance.now();
  try {
    return call();
  } finally {
    if (inPass()) current!.indexMs += performance.now() - t;
  }
});
wrap(JSON, 'stringify', (call) => {
  const t = performance.now();
  try {
    return call();
  } finally {
    if (inPass()) current!.stringifyMs += performance.now() - t;
  }
});

/** True between the first DocumentTrees.sites call after an edit and its sendDiagnostics. */
function inPass(): boolean {
  return current !== undefined && current.passStarted !== undefined && current.sent === undefined;
}

const connection = createConnection(ProposedFeatures.all);
const onDidChange = connection.onDidChangeTextDocument.bind(connection);
connection.onDidChangeTextDocument = (handler) => onDidChange((e) => {
  current = { version: e.textDocument.version, received: now(), applied: 0, changeMs: 0, parseMs: 0, sitesMs: 0, queryMs: 0, indexMs: 0, stringifyMs: 0 };
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
startServer(connection);
