// Registry deltas: a patch turns the old snapshot into exactly the new one, applies only to the
// revision it was made for, and a client mirror asks for the whole registry when one does not.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPatch, diffSnapshots } from '../../../../server/src/registry/delta';
import { RegistryMirror } from '../../../../server/src/registry/mirror';
import { seenPatch } from '../../../../server/src/registry/registry';
import { applyPoll, initialSnapshot, type PollData } from '../../../../server/src/registry/snapshot';
import type { ServerSnapshot } from '../../../../server/src/registry/types';

const cfg = { id: 'h:4730', name: 'h', host: 'h', port: 4730, source: 'user' as const };
const version = { kind: 'gearmand' as const, version: '1.1.20' };

const poll = fc.record({
  status: fc.uniqueArray(
    fc.record({
      name: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'toString', 'constructor')),
      running: fc.nat(3),
      queued: fc.nat(3),
      workers: fc.nat(2),
    }),
    { selector: (r) => r.name, maxLength: 30 },
  ),
  workers: fc.uniqueArray(
    fc.record({
      fd: fc.nat(50).map(String),
      address: fc.constantFrom('127.0.0.1', '::1'),
      clientId: fc.string({ maxLength: 4 }),
      functions: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    }),
    { selector: (w) => w.fd, maxLength: 10 },
  ),
  functionsOmitted: fc.option(fc.nat(5), { nil: undefined }),
  workersOmitted: fc.option(fc.nat(5), { nil: undefined }),
});

/** A snapshot as it crosses the wire (what a client holds). */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('registry patches', () => {
  it('turn the old snapshot into the new one, for any two polls', () => {
    fc.assert(
      fc.property(poll, poll, fc.boolean(), (a, b, fail) => {
        const first = applyPoll(initialSnapshot(cfg), { ...a, version }, 1000);
        const second = fail
          ? { ...first, health: 'down' as const, error: 'gone', revision: first.revision + 1 }
          : applyPoll(first, { ...b, version } as PollData, 2000);
        if (second === first) return;
        expect(applyPatch(wire(first), wire(diffSnapshots(first, second)))).toEqual(wire(second));
      }),
      { numRuns: 500 },
    );
  });

  it('tell a client that a server answered a poll that changed nothing: lastSeen alone, at the same revision', () => {
    const first = applyPoll(
      initialSnapshot(cfg),
      { status: [{ name: 'f', running: 0, queued: 1, workers: 1 }], workers: [], version },
      1000,
    );
    const held = wire(first);
    expect(applyPoll(first, { status: [{ name: 'f', running: 0, queued: 1, workers: 1 }], workers: [] }, 6000)).toBe(
      first,
    );
    const mirror = new RegistryMirror();
    mirror.reset({ servers: [held], usingDefault: false, polling: true });
    const c = mirror.apply({
      servers: [],
      patches: [wire(seenPatch(first))],
      removed: [],
      usingDefault: false,
      polling: true,
    });
    expect(c.stale).toBe(false);
    expect(mirror.get(cfg.id)).toEqual({ ...held, lastSeen: 6000 });
  });

  it('carry only the row that changed: one function out of 10,000', () => {
    const status = Array.from({ length: 10_000 }, (_, i) => ({
      name: `fn_${String(i).padStart(5, '0')}`,
      running: 0,
      queued: 0,
      workers: 1,
    }));
    const before = applyPoll(initialSnapshot(cfg), { status, workers: [], version }, 1000);
    const after = applyPoll(
      before,
      { status: status.map((s) => (s.name === 'fn_04242' ? { ...s, queued: 1 } : s)), workers: [] },
      2000,
    );
    const patch = diffSnapshots(before, after);
    expect(patch).toEqual({
      id: cfg.id,
      base: before.revision,
      revision: before.revision + 1,
      set: { lastSeen: 2000, lastPolled: 2000 },
      functions: [{ name: 'fn_04242', queued: 1, running: 0, workers: 1 }],
    });
    expect(JSON.stringify(patch).length).toBeLessThan(200);
    expect(JSON.stringify(after).length).toBeGreaterThan(500_000);
  });

  it('apply only to the revision they were made for', () => {
    const a = applyPoll(
      initialSnapshot(cfg),
      { status: [{ name: 'x', running: 0, queued: 0, workers: 1 }], workers: [], version },
      1,
    );
    const b = applyPoll(a, { status: [{ name: 'x', running: 0, queued: 2, workers: 1 }], workers: [] }, 2);
    const c = applyPoll(b, { status: [{ name: 'x', running: 0, queued: 3, workers: 1 }], workers: [] }, 3);
    expect(applyPatch(a, diffSnapshots(b, c))).toBeUndefined(); // b's patch to c, applied to a: a notification was missed
    expect(applyPatch({ ...b, id: 'other:1' }, diffSnapshots(b, c))).toBeUndefined();
    expect(applyPatch(b, diffSnapshots(b, c))?.functions[0].queued).toBe(3);
  });
});

describe('RegistryMirror', () => {
  const up = (s: ServerSnapshot, queued: number, now: number) =>
    applyPoll(s, { status: [{ name: 'x', running: 0, queued, workers: 1 }], workers: [], version }, now);

  it('applies new servers and patches, and reports stale when a patch does not fit the revision held', () => {
    const m = new RegistryMirror();
    const s0 = initialSnapshot(cfg);
    const s1 = up(s0, 0, 1),
      s2 = up(s1, 1, 2),
      s3 = up(s2, 2, 3);
    expect(
      m.apply({ servers: [wire(s0)], patches: [], removed: [], usingDefault: false, polling: true }),
    ).toMatchObject({
      listChanged: true,
      stale: false,
    });
    const c = m.apply({
      servers: [],
      patches: [wire(diffSnapshots(s0, s1))],
      removed: [],
      usingDefault: false,
      polling: true,
    });
    expect(c).toMatchObject({ listChanged: false, stale: false });
    expect(c.changed[0].after.health).toBe('up');
    // s1 -> s2 lost in transit: s2 -> s3 cannot apply.
    const missed = m.apply({
      servers: [],
      patches: [diffSnapshots(s2, s3)],
      removed: [],
      usingDefault: false,
      polling: true,
    });
    expect(missed).toMatchObject({ changed: [], stale: true });
    expect(m.get(cfg.id)?.revision).toBe(s1.revision);
    // What a client then does: fetch the whole registry.
    m.reset({ servers: [wire(s3)], usingDefault: false, polling: true });
    expect(m.get(cfg.id)).toEqual(wire(s3));
    expect(m.apply({ servers: [], patches: [], removed: [cfg.id], usingDefault: false, polling: true })).toMatchObject({
      removed: [cfg.id],
      listChanged: true,
    });
    expect(m.list()).toEqual([]);
  });

  it('reports stale for a patch of a server it does not hold', () => {
    const s1 = up(initialSnapshot(cfg), 0, 1);
    expect(
      new RegistryMirror().apply({
        servers: [],
        patches: [diffSnapshots(s1, up(s1, 1, 2))],
        removed: [],
        usingDefault: false,
        polling: true,
      }).stale,
    ).toBe(true);
  });
  it('keeps whether the server polls, and reports a change of it as a change', () => {
    const m = new RegistryMirror();
    m.reset({ servers: [wire(initialSnapshot(cfg))], usingDefault: false, polling: false });
    expect(m.polling).toBe(false);
    const same = { servers: [], patches: [], removed: [], usingDefault: false };
    expect(m.apply({ ...same, polling: false }).listChanged).toBe(false);
    expect(m.apply({ ...same, polling: true }).listChanged).toBe(true);
    expect(m.polling).toBe(true);
  });
});
