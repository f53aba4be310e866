// Memory of one hour of queue history (registry/history.ts) for 10,000 functions: SLOTS polls
// fed through the real QueueHistory, measured as V8 heap + array buffers after a full GC, for
// (a) every function changing at every poll (the worst case the bound is stated for) and
// (b) 1% of them changing (a realistic server); each in its own process, so one's garbage is
// not counted in the other. Prints one JSON line.
//   node --expose-gc historyMemory.js worst|typical
import { MIN_BUCKET_MS, QueueHistory, SLOTS } from '../../server/src/registry/history';
import type { RegistryChange } from '../../server/src/registry/registry';
import type { ServerSnapshot } from '../../server/src/registry/types';

const FUNCTIONS = 10_000;

function used(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function measure(changing: number): { bytes: number; estimate: number; msPerPoll: number } {
  let listener: ((c: RegistryChange) => void) | undefined;
  const names = Array.from({ length: FUNCTIONS }, (_, i) => `fn_${String(i).padStart(5, '0')}`);
  const snap = (p: number): ServerSnapshot => ({
    id: 'bench',
    name: 'bench',
    host: 'h',
    port: 1,
    tls: false,
    actions: [],
    source: 'user',
    health: 'up',
    revision: p,
    lastSeen: 1e12 + p * MIN_BUCKET_MS,
    functions: names.map((name, i) => ({
      name,
      queued: i < changing ? (p * 7 + i) % 500 : 3,
      running: i < changing ? p % 4 : 0,
      workers: 2,
    })),
    workers: [],
  });
  // The snapshots themselves are the registry's, not the history's: build them before measuring.
  const polls = Array.from({ length: 8 }, (_, p) => snap(p));
  const before = used();
  const h = new QueueHistory(
    {
      onChange: (l) => {
        listener = l;
        return () => undefined;
      },
      snapshots: () => [],
    },
    MIN_BUCKET_MS,
  );
  const t0 = performance.now();
  for (let p = 0; p < SLOTS; p++) {
    const s = polls[p % polls.length];
    listener!({ changed: [{ ...s, lastSeen: 1e12 + p * MIN_BUCKET_MS }], removed: [], added: [], patches: [] });
  }
  const msPerPoll = (performance.now() - t0) / SLOTS;
  const bytes = used() - before;
  const estimate = h.bytes();
  h.dispose();
  return { bytes, estimate, msPerPoll };
}

const which = process.argv[2] === 'typical' ? 'typical' : 'worst';
console.log(
  JSON.stringify({
    functions: FUNCTIONS,
    slots: SLOTS,
    bucketMs: MIN_BUCKET_MS,
    which,
    ...measure(which === 'worst' ? FUNCTIONS : FUNCTIONS / 100),
  }),
);
