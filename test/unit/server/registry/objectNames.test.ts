// Function names are server data: `__proto__`, `toString` and `constructor` are names like any
// other, through the registry, its patches, the name checks and ERR texts.
import { describe, expect, it } from 'vitest';
import { applyPoll, initialSnapshot } from '../../../../server/src/registry/snapshot';
import { applyPatch, diffSnapshots } from '../../../../server/src/registry/delta';
import { LiveView } from '../../../../server/src/features/callSites/liveView';
import { errFromLine } from '../../../../server/src/gearman/adminErr';
import { passesFilter } from '../../../../client/src/views/labels';

const NAMES = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'];
const cfg = { id: 'h:4730', name: 'h', host: 'h', port: 4730, source: 'user' as const };
const version = { kind: 'gearmand' as const, version: '1.1.20' };
const idle = (names: string[]) => names.map((name) => ({ name, running: 0, queued: 0, workers: 0 }));

describe('functions named like Object properties', () => {
  it('are listed, tracked since they lost their worker, and patched like any name', () => {
    const a = applyPoll(initialSnapshot(cfg), { status: idle(NAMES.slice(0, 3)), workers: [], version }, 1000);
    expect(a.functions.map((f) => [f.name, f.workerlessSince, f.priority])).toEqual([
      ['__proto__', 1000, undefined],
      ['constructor', 1000, undefined],
      ['toString', 1000, undefined],
    ]);
    const b = applyPoll(
      a,
      { status: idle(NAMES), workers: [], priority: [{ name: 'toString', high: 1, normal: 0, low: 0 }] },
      2000,
    );
    expect(b.functions.map((f) => [f.name, f.workerlessSince])).toEqual([
      ['__proto__', 1000],
      ['constructor', 1000],
      ['hasOwnProperty', 2000],
      ['toString', 1000],
      ['valueOf', 2000],
    ]);
    expect(b.functions.filter((f) => f.priority).map((f) => f.name)).toEqual(['toString']);
    const viaWire = applyPatch(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(diffSnapshots(a, b))));
    expect(viaWire).toEqual(JSON.parse(JSON.stringify(b)));
    const c = applyPoll(b, { status: idle(['toString']), workers: [] }, 3000);
    expect(applyPatch(b, diffSnapshots(b, c))?.functions.map((f) => f.name)).toEqual(['toString']);
  });

  it('are checked by name, and a name the server lacks is not found on Object', () => {
    const s = applyPoll(
      initialSnapshot(cfg),
      {
        status: idle(['__proto__']),
        workers: [{ fd: '5', address: '::1', clientId: 'w', functions: ['toString'] }],
        version,
      },
      1000,
    );
    const live = new LiveView([s], 1000, 30_000);
    expect(live.perServer('__proto__')[0]).toMatchObject({ info: { name: '__proto__' }, workerlessSince: 1000 });
    expect(live.perServer('constructor')[0]).toMatchObject({
      info: undefined,
      workerlessSince: undefined,
      clientIds: [],
    });
    expect(live.perServer('toString')[0].clientIds).toEqual(['w']);
    expect(live.workers('valueOf')).toBe(0);
    expect(
      passesFilter({ name: 'constructor', queued: 0, running: 0, workers: 0 }, { text: 'struct', hideEmpty: false }),
    ).toBe(true);
  });

  it('in an ERR text give a plain code and message', () => {
    for (const word of ['constructor', 'toString', '__proto__']) {
      const e = errFromLine('status', Buffer.from(`ERR ${word}\r\n`));
      expect(e.code).toBe('ERR');
      expect(e.message).toBe(`\`status\` failed: ${word} (ERR)`);
    }
  });
});
