import { describe, expect, it } from 'vitest';
import { parseRegistrySettings } from '../../../../server/src/settings/servers';

describe('parseRegistrySettings', () => {
  it('uses localhost:4730 when the list is empty, and says so', () => {
    const s = parseRegistrySettings([], undefined);
    expect(s.usingDefault).toBe(true);
    expect(s.servers.map((x) => x.id)).toEqual(['localhost:4730']);
    expect(s.refreshMs).toBe(5000);
  });

  it('fills in the default port, names and ids, and keeps IPv6 hosts readable', () => {
    const s = parseRegistrySettings(
      [{ host: 'a' }, { name: 'prod', host: '10.0.0.5', port: 4731 }, { host: '::1', port: 4730 }, 'b:1234'],
      2,
    );
    expect(s.servers.map((x) => [x.id, x.name])).toEqual([
      ['a:4730', 'a:4730'],
      ['10.0.0.5:4731', 'prod'],
      ['[::1]:4730', '[::1]:4730'],
      ['b:1234', 'b:1234'],
    ]);
    expect(s.refreshMs).toBe(2000);
    expect(s.problems).toEqual([]);
  });

  it('names each broken entry and keeps the good ones', () => {
    const s = parseRegistrySettings(
      [
        { port: 1 },
        { host: 'x', port: 70000 },
        { host: 'ok' },
        { host: 'ok' },
        42,
        { host: 'y', tls: { certFile: 'c' } },
      ],
      'fast',
    );
    expect(s.servers.map((x) => x.id)).toEqual(['ok:4730']);
    expect(s.usingDefault).toBe(false);
    expect(s.problems).toHaveLength(6);
    expect(s.problems[0]).toMatch(/gearman\.servers\[0\] has no "host"/);
    expect(s.problems[1]).toMatch(/port 70000/);
    expect(s.problems[2]).toMatch(/listed twice/);
    expect(s.problems[3]).toMatch(/must be an object/);
    expect(s.problems[4]).toMatch(/certFile and tls.keyFile go together/);
    expect(s.problems[5]).toMatch(/refreshInterval/);
  });

  it('does not fall back to localhost when the setting is broken', () => {
    const s = parseRegistrySettings('localhost', undefined);
    expect(s.servers).toEqual([]);
    expect(s.usingDefault).toBe(false);
    expect(s.problems[0]).toMatch(/must be a list/);
  });
});
