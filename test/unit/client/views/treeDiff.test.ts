import { describe, expect, it } from 'vitest';
import { changedRowKeys, diffServerRows } from '../../../../client/src/views/treeDiff';
import type { ServerSnapshot } from '../../../../server/src/protocol';

const snap = (over: Partial<ServerSnapshot> = {}): ServerSnapshot => ({
  id: 'h:1',
  name: 'h',
  host: 'h',
  port: 1,
  tls: false,
  source: 'user',
  health: 'up',
  version: '1.1.20',
  revision: 1,
  actions: [],
  functions: [
    { name: 'a', queued: 0, running: 0, workers: 1 },
    { name: 'b', queued: 2, running: 0, workers: 0 },
  ],
  workers: [{ fd: '5', address: '127.0.0.1', clientId: '-', functions: ['a'] }],
  ...over,
});

describe('tree rows to redraw', () => {
  it('redraws only the function whose counts changed', () => {
    const before = snap();
    const after = snap({ functions: [before.functions[0], { ...before.functions[1], queued: 3 }] });
    expect(changedRowKeys(before, after)).toEqual(['f/b']);
  });

  it('redraws the group when a function or worker appears or goes', () => {
    const before = snap();
    expect(
      changedRowKeys(
        before,
        snap({ functions: [...before.functions, { name: 'c', queued: 0, running: 0, workers: 0 }] }),
      ),
    ).toEqual(['functions']);
    expect(changedRowKeys(before, snap({ workers: [] }))).toEqual(['workers']);
  });

  it('redraws the group when the count of rows the server listed beyond maxRows changed ("N more")', () => {
    expect(changedRowKeys(snap(), snap({ functionsOmitted: 10 }))).toEqual(['functions']);
    expect(changedRowKeys(snap({ functionsOmitted: 10 }), snap({ functionsOmitted: 11, workersOmitted: 1 }))).toEqual([
      'functions',
      'workers',
    ]);
    expect(changedRowKeys(snap({ functionsOmitted: 10 }), snap({ functionsOmitted: 10 }))).toEqual([]);
  });

  it('redraws the server when its health, error or version changed, and nothing when nothing did', () => {
    expect(changedRowKeys(snap(), snap({ health: 'down', error: 'refused' }))).toEqual(['server']);
    expect(changedRowKeys(undefined, snap())).toEqual(['server']);
    expect(changedRowKeys(snap(), snap())).toEqual([]);
  });

  it('tells apart a poll that moved only lastSeen (no row redrawn at once) from one that changed rows', () => {
    const c = diffServerRows(snap({ lastSeen: 1000 }), snap({ lastSeen: 6000 }));
    expect(c).toEqual({
      server: false,
      functionsGroup: false,
      functions: [],
      workersGroup: false,
      workers: [],
      seen: true,
    });
    expect(changedRowKeys(snap({ lastSeen: 1000 }), snap({ lastSeen: 6000 }))).toEqual([]);
    expect(diffServerRows(snap({ lastSeen: 1000 }), snap({ lastSeen: 1000 })).seen).toBe(false);
  });

  it('compares only the functions the filter shows', () => {
    const before = snap();
    const after = snap({ functions: [before.functions[0], { ...before.functions[1], queued: 9 }] });
    const onlyA = diffServerRows(before, after, (fs) => fs.filter((f) => f.name === 'a'));
    expect(onlyA.functions).toEqual([]);
    expect(onlyA.functionsGroup).toBe(false);
  });
});
