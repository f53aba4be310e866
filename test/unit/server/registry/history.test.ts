// The queue history's rules on plain snapshots: buckets keep the maximum queue and the fewest
// workers, polls that saw nothing leave gaps, unchanged functions hold no ring, and the bound.
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_BUCKET_MS, QueueHistory, SLOTS } from '../../../../server/src/registry/history';
import type { RegistryChange } from '../../../../server/src/registry/registry';
import type { FunctionInfo, ServerSnapshot } from '../../../../server/src/registry/types';

const B = MIN_BUCKET_MS;
const T0 = 1_000_000 * B;

function snap(lastSeen: number, functions: [string, number, number, number][], workers = 1): ServerSnapshot {
  const fns: FunctionInfo[] = functions.map(([name, queued, running, w]) => ({ name, queued, running, workers: w }));
  return {
    id: 's',
    name: 's',
    host: 'h',
    port: 1,
    tls: false,
    actions: [],
    source: 'user',
    health: 'up',
    lastSeen,
    revision: 1,
    functions: fns,
    workers: Array.from({ length: workers }, (_, i) => ({
      fd: String(i),
      address: 'a',
      clientId: '-',
      functions: ['x'],
    })),
  };
}

function setup() {
  let listener: ((c: RegistryChange) => void) | undefined;
  let current: ServerSnapshot[] = [];
  const h = new QueueHistory(
    {
      onChange: (l) => {
        listener = l;
        return () => {
          listener = undefined;
        };
      },
      snapshots: () => current,
    },
    1000,
  );
  const poll = (s: ServerSnapshot) => {
    current = [s];
    listener?.({ changed: [s], removed: [], added: [], patches: [] });
  };
  return { h, poll };
}

describe('QueueHistory', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  it('keeps the highest queue and the fewest workers of a bucket, and totals per server', () => {
    const { h, poll } = setup();
    dispose = () => h.dispose();
    poll(
      snap(T0, [
        ['a', 1, 0, 2],
        ['b', 0, 0, 1],
      ]),
    );
    poll(
      snap(T0 + 1000, [
        ['a', 7, 1, 0],
        ['b', 0, 0, 1],
      ]),
    );
    poll(
      snap(T0 + 2000, [
        ['a', 3, 1, 2],
        ['b', 0, 0, 1],
      ]),
    );
    poll(
      snap(
        T0 + B,
        [
          ['a', 2, 0, 2],
          ['b', 0, 0, 1],
        ],
        3,
      ),
    );
    const a = h.series('s', 'a', 2 * B, T0 + B);
    expect(a.t).toEqual([T0, T0 + B]);
    expect(a.queued).toEqual([7, 2]);
    expect(a.running).toEqual([1, 0]);
    expect(a.workers).toEqual([0, 2]);
    expect(h.series('s', undefined, 2 * B, T0 + B)).toMatchObject({ queued: [7, 2], workers: [1, 3] });
    expect(h.top('s', 2 * B, 5, T0 + B)).toEqual([{ name: 'a', maxQueued: 7 }]);
  });

  it('leaves a gap where no poll answered, and reads zero where the server answered without the function', () => {
    const { h, poll } = setup();
    dispose = () => h.dispose();
    poll(snap(T0, [['a', 5, 0, 1]]));
    poll(snap(T0 + 2 * B, [['b', 1, 0, 1]]));
    poll(
      snap(T0 + 3 * B, [
        ['a', 5, 0, 1],
        ['b', 1, 0, 1],
      ]),
    );
    expect(h.series('s', 'a', 4 * B, T0 + 3 * B).queued).toEqual([5, null, 0, 5]);
    expect(h.series('s', undefined, 4 * B, T0 + 3 * B).queued).toEqual([5, null, 1, 6]);
  });

  it('holds no ring for a function that never changed, one ring for one that did, and forgets neither within the window', () => {
    const { h, poll } = setup();
    dispose = () => h.dispose();
    poll(snap(T0 - B, []));
    const idle = h.bytes();
    for (let i = 0; i < 10; i++)
      poll(
        snap(T0 + i * B, [
          ['flat', 2, 0, 1],
          ['busy', i, 0, 1],
        ]),
      );
    expect(h.bytes() - idle).toBeLessThan(2 * 300 + SLOTS * 8 + 64 * 8);
    expect(h.series('s', 'flat', 10 * B, T0 + 9 * B).queued).toEqual(Array(10).fill(2));
    expect(h.series('s', 'busy', 10 * B, T0 + 9 * B).queued).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is bounded: 10,000 functions changing every poll for longer than the window stay within SLOTS × 8 bytes each', () => {
    const { h, poll } = setup();
    dispose = () => h.dispose();
    const names = Array.from({ length: 10_000 }, (_, i) => `fn_${i}`);
    for (let p = 0; p < SLOTS + 50; p += 7)
      poll(
        snap(
          T0 + p * B,
          names.map((n, i) => [n, (p + i) % 9, 0, 1]),
        ),
      );
    const perFn = (h.bytes() - 20 * SLOTS) / names.length;
    expect(perFn).toBeLessThanOrEqual(SLOTS * 8 + 100 + 2 * 8);
    expect(h.series('s', 'fn_3', SLOTS * B, T0 + (SLOTS + 49) * B).t).toHaveLength(SLOTS);
  });
});
