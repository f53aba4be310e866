// Where the time of a run goes, from a CPU profile of it taken in this process (node:inspector):
// each sample goes to the innermost frame on its stack that names a part of the work. Profiling
// slows JavaScript more than wasm, so the shares, not the milliseconds, are what to read.
import { Session } from 'node:inspector/promises';

/** Parts of the work, by the frames that do them (innermost match wins; wasm frames keep their C names). */
const PARTS: [part: string, frame: RegExp][] = [
  ['garbage collection', /^\(garbage collector\)$/],
  ['tree-sitter parse (and freeing the tree)', /^(ts_parser_parse_wasm|ts_tree_delete)$/],
  ['query runs (Query.matches)', /^matches\d*$/],
  ['reading call arguments', /^(shapeOf|readArgs)\d*$/],
  ['names resolved to sites', /^(resolveRefs|toSites|resolveShape|shape)\d*$/],
  ['text pre-pass (which lines can hold a call)', /^triggers\d*$/],
  ['reading files (bounded)', /^readText\d*$/],
  ['listing files', /^walkFiles\d*$/],
  ['query results into calls (node text, spans, bindings)', /^extractFromTree\d*$/],
  ['the pass over one file (around the parts above)', /^(extract|extractLoaded)\d*$/],
  ['the index loop (yielding to the event loop, progress)', /^rebuild\d*$/],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
  children?: number[];
}

/** Milliseconds of profile samples per part while `run` runs, and the total. */
export async function profileSplit(
  run: () => Promise<unknown>,
): Promise<{ totalMs: number; parts: Record<string, number> }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    await run();
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const partOf = new Map<number, string>();
    const classify = (id: number): string => {
      let part = partOf.get(id);
      if (part !== undefined) return part;
      const name = nodes.get(id)!.callFrame.functionName;
      const own = PARTS.find(([, re]) => re.test(name))?.[0];
      const up = parent.get(id);
      part = own ?? (up === undefined ? 'other' : classify(up));
      partOf.set(id, part);
      return part;
    };
    const parts: Record<string, number> = {};
    let total = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const part = nodes.get(id)!.callFrame.functionName === '(idle)' ? 'idle' : classify(id);
      parts[part] = (parts[part] ?? 0) + ms;
      total += ms;
    });
    return { totalMs: total, parts };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
