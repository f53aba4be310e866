import { describe, expect, it } from 'vitest';
import { BLOCKED_REASON, resolveServers, trustFrom } from '../../../server/src/registry/sources';

const user = [{ name: 'mine', host: '10.0.0.1' }];
const ws = [{ name: 'theirs', host: 'evil.example', port: 4731 }, { host: '10.0.0.1' }];

describe('server sources and workspace trust', () => {
  it('uses settings as they are when the client says nothing (other editors)', () => {
    const r = resolveServers(ws, 5, trustFrom(undefined));
    expect(r.servers.map((s) => [s.id, s.source, s.blocked])).toEqual([['evil.example:4731', 'user', undefined], ['10.0.0.1:4730', 'user', undefined]]);
  });

  it('in a trusted workspace, workspace entries replace user entries (as VS Code merges arrays)', () => {
    const r = resolveServers(undefined, 5, trustFrom({ trusted: true, user, workspace: ws }));
    expect(r.servers.map((s) => [s.id, s.source, !!s.blocked])).toEqual([['evil.example:4731', 'workspace', false], ['10.0.0.1:4730', 'workspace', false]]);
    expect(resolveServers(undefined, 5, trustFrom({ trusted: true, user })).servers.map((s) => s.source)).toEqual(['user']);
  });

  it('in an untrusted workspace, keeps user entries and blocks workspace ones (a duplicate of a user entry is the user one)', () => {
    const r = resolveServers(ws, 5, trustFrom({ trusted: false, user, workspace: ws }));
    expect(r.servers.map((s) => [s.id, s.source, s.blocked])).toEqual([['10.0.0.1:4730', 'user', undefined], ['evil.example:4731', 'workspace', BLOCKED_REASON]]);
    expect(r.usingDefault).toBe(false);
  });

  it('in an untrusted workspace with only workspace entries, shows them blocked and does not fall back to localhost', () => {
    const r = resolveServers(undefined, 5, trustFrom({ trusted: false, workspace: [{ host: '127.0.0.1', port: 5000 }] }));
    expect(r.servers).toHaveLength(1);
    expect(r.servers[0].blocked).toBe(BLOCKED_REASON);
    expect(r.usingDefault).toBe(false);
  });

  it('falls back to the default server when nothing is configured anywhere', () => {
    const r = resolveServers(undefined, 5, trustFrom({ trusted: false }));
    expect(r.usingDefault).toBe(true);
    expect(r.servers[0].source).toBe('default');
  });
});
