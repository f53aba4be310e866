import { describe, expect, it } from 'vitest';
import { connectInOrder, type FailoverEvent } from '../../../../server/src/gearman/pool';
import { ConnectionError } from '../../../../server/src/gearman/errors';

const servers = [
  { host: 'a', port: 1 },
  { host: 'b', port: 2 },
  { host: 'c', port: 3 },
];

describe('connectInOrder', () => {
  it('tries servers in order from the start index, wrapping, and reports each skip', async () => {
    const tried: string[] = [];
    const events: FailoverEvent[] = [];
    const r = await connectInOrder(
      servers,
      2,
      async (e) => {
        tried.push(e.host);
        if (e.host !== 'b') throw new ConnectionError(`${e.host} is down`, 'ECONNREFUSED');
        return e.host;
      },
      (ev) => events.push(ev),
    );
    expect(tried).toEqual(['c', 'a', 'b']);
    expect(r).toEqual({ value: 'b', index: 1 });
    expect(events.map((e) => [e.from, e.to])).toEqual([
      ['c:3', 'a:1'],
      ['a:1', 'b:2'],
    ]);
  });

  it("names every server's reason when all fail", async () => {
    const p = connectInOrder(
      servers,
      0,
      async (e) => {
        throw new ConnectionError(`${e.host} is down`, 'X');
      },
      () => {},
    );
    await expect(p).rejects.toThrow('No gearmand server could be reached: a is down; b is down; c is down');
  });

  it("passes a single server's own error through, with no failover event", async () => {
    const events: FailoverEvent[] = [];
    const p = connectInOrder(
      [servers[0]],
      0,
      async () => {
        throw new ConnectionError('refused', 'ECONNREFUSED');
      },
      (e) => events.push(e),
    );
    await expect(p).rejects.toThrow(/^refused$/);
    expect(events).toEqual([]);
  });
});
