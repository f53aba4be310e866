import { describe, expect, it } from 'vitest';
import { gearmandListing, perlListing, type ProgressStatus } from '../../../../../server/src/features/admin/jobs';
import { badAction } from '../../../../../server/src/features/admin';

const row = (handle: string, over: Partial<{ retries: number; ignore: boolean; queued: boolean }> = {}) => ({
  handle,
  retries: 0,
  ignore: false,
  queued: true,
  ...over,
});
const wait: ProgressStatus = { known: true, running: false, numerator: 0, denominator: 0 };
const run = (n: number, d: number): ProgressStatus => ({ known: true, running: true, numerator: n, denominator: d });

describe('gearmand jobs listing', () => {
  it('ties a single job to the single unique and to the only function with jobs', () => {
    const l = gearmandListing({
      serverId: 's',
      rows: [row('H:a:1')],
      uniques: ['u1'],
      functions: [
        { name: 'f', queued: 1, running: 0 },
        { name: 'idle', queued: 0, running: 0 },
      ],
      now: 1,
    });
    expect(l.jobs).toEqual([{ handle: 'H:a:1', unique: 'u1', function: 'f', state: 'queued', retries: 0 }]);
    expect(l.unmatchedUniques).toEqual([]);
  });

  it('does not guess between several waiting jobs, and lists every possible function', () => {
    const byHandle = new Map([
      ['H:a:1', wait],
      ['H:a:2', wait],
    ]);
    const byUnique = new Map([
      ['u1', wait],
      ['u2', wait],
    ]);
    const l = gearmandListing({
      serverId: 's',
      rows: [row('H:a:1'), row('H:a:2')],
      uniques: ['u2', 'u1'],
      byHandle,
      byUnique,
      functions: [
        { name: 'f', queued: 1, running: 0 },
        { name: 'g', queued: 1, running: 0 },
      ],
      now: 1,
    });
    expect(l.jobs.every((j) => j.unique === undefined && j.function === undefined)).toBe(true);
    expect(l.jobs[0].candidates).toEqual(['f', 'g']);
    expect(l.unmatchedUniques.sort()).toEqual(['u1', 'u2']);
    expect(l.matching).toContain('Tied 0 of 2');
  });

  it('ties running jobs by their progress, and the one waiting job to the one waiting unique', () => {
    const byHandle = new Map([
      ['H:1', run(1, 10)],
      ['H:2', run(7, 10)],
      ['H:3', wait],
    ]);
    const byUnique = new Map([
      ['a', run(7, 10)],
      ['b', wait],
      ['c', run(1, 10)],
    ]);
    const l = gearmandListing({
      serverId: 's',
      rows: [row('H:1', { queued: false }), row('H:2', { queued: false }), row('H:3')],
      uniques: ['a', 'b', 'c'],
      byHandle,
      byUnique,
      functions: [{ name: 'work', queued: 1, running: 2 }],
      now: 1,
    });
    expect(Object.fromEntries(l.jobs.map((j) => [j.handle, [j.unique, j.state, j.function]]))).toEqual({
      'H:1': ['c', 'running', 'work'],
      'H:2': ['a', 'running', 'work'],
      'H:3': ['b', 'queued', 'work'],
    });
    expect(l.jobs[1].progress).toEqual({ numerator: 7, denominator: 10 });
  });

  it('shows a cancelled (ignored) job as cancelled, placed like a queued one, and drops uniques that are gone', () => {
    const byHandle = new Map([
      ['H:1', wait],
      ['H:2', wait],
    ]);
    const byUnique = new Map([
      ['x', wait],
      ['gone', { ...wait, known: false }],
    ]);
    const l = gearmandListing({
      serverId: 's',
      rows: [row('H:1', { ignore: true, queued: false }), row('H:2')],
      uniques: ['x', 'gone'],
      byHandle,
      byUnique,
      functions: [{ name: 'f', queued: 2, running: 0 }],
      now: 1,
    });
    expect(l.jobs.map((j) => j.state)).toEqual(['cancelled', 'queued']);
    expect(l.jobs.every((j) => j.function === 'f')).toBe(true);
    expect(l.unmatchedUniques).toEqual(['x']);
  });

  it('says when the listing was cut', () => {
    const l = gearmandListing({
      serverId: 's',
      rows: [row('H:1')],
      uniques: [],
      functions: [],
      totalRows: 5000,
      now: 1,
    });
    expect(l.truncated).toBe(true);
    expect(l.matching).toMatch(/first 1 of 5000/);
  });
});

describe('Perl jobs listing', () => {
  it('reads function, unique, worker and listeners per job', () => {
    const l = perlListing(
      'p',
      Buffer.from('pa\tu1\t-\t0\npb\tu3\t127.0.0.1:5555\t2\ncaf\xe9\tu\t-\t1\n.\n', 'latin1'),
      1,
    );
    expect(l.jobs).toEqual([
      { function: 'pa', unique: 'u1', state: 'queued', waitingClients: 0 },
      { function: 'pb', unique: 'u3', state: 'running', worker: '127.0.0.1:5555', waitingClients: 2 },
      { function: 'caf\udce9', unique: 'u', state: 'queued', waitingClients: 1 },
    ]);
  });

  it('rejects an ERR reply and a malformed line with a readable error', () => {
    expect(() => perlListing('p', Buffer.from('ERR unknown_command \r\n'), 1)).toThrow(/unknown_command/);
    expect(() => perlListing('p', Buffer.from('just one field\n.\n'), 1)).toThrow(/FUNC, UNIQ, WORKER, LISTENERS/);
    expect(() => perlListing('p', Buffer.from('a\tb\tc\td\n'), 1)).toThrow(/final "\." line/);
  });
});

describe('admin action validation', () => {
  it('accepts well-formed actions and names what is wrong with others', () => {
    expect(badAction({ kind: 'maxQueue', function: 'f', limit: 3 })).toBeUndefined();
    expect(badAction({ kind: 'maxQueue', function: 'f', limit: { high: 1, normal: 2, low: 0 } })).toBeUndefined();
    expect(badAction({ kind: 'maxQueue', function: 'f', limit: -1 })).toMatch(/limit/);
    expect(badAction({ kind: 'cancelJobs', handles: [] })).toMatch(/handles/);
    expect(badAction({ kind: 'dropFunction' })).toMatch(/function name/);
    expect(badAction({ kind: 'shutdown' })).toMatch(/Unknown admin action/);
    expect(badAction(undefined)).toMatch(/No admin action/);
  });
});
