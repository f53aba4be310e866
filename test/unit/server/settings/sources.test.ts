import { describe, expect, it } from 'vitest';
import { BLOCKED_REASON, resolveServers, trustFrom } from '../../../../server/src/settings/sources';

const user = [{ name: 'mine', host: '10.0.0.1' }];
const ws = [{ name: 'theirs', host: 'evil.example', port: 4731 }, { host: '10.0.0.1' }];

describe('server sources and workspace trust', () => {
  it('uses settings as they are when the client says nothing (other editors)', () => {
    const r = resolveServers(ws, 5, trustFrom(undefined));
    expect(r.servers.map((s) => [s.id, s.source, s.blocked])).toEqual([
      ['evil.example:4731', 'user', undefined],
      ['10.0.0.1:4730', 'user', undefined],
    ]);
  });

  it('in a trusted workspace, shows user and workspace entries together, the user entry winning for the same address', () => {
    const r = resolveServers(undefined, 5, trustFrom({ trusted: true, user, workspace: ws }));
    expect(r.servers.map((s) => [s.id, s.name, s.source, !!s.blocked])).toEqual([
      ['10.0.0.1:4730', 'mine', 'user', false],
      ['evil.example:4731', 'theirs', 'workspace', false],
    ]);
    expect(resolveServers(undefined, 5, trustFrom({ trusted: true, user })).servers.map((s) => s.source)).toEqual([
      'user',
    ]);
  });

  it('never lets workspace settings switch certificate checks off, or readOnly off, for a server of the user settings', () => {
    const mine = [{ host: 'prod', tls: { caFile: '/ca.pem' }, readOnly: true }];
    const r = resolveServers(
      undefined,
      5,
      trustFrom({ trusted: true, user: mine, workspace: [{ host: 'prod', tls: { insecureSkipVerify: true } }] }),
    );
    expect(r.servers).toEqual([
      {
        id: 'prod:4730',
        name: 'prod:4730',
        host: 'prod',
        port: 4730,
        tls: { caFile: '/ca.pem' },
        source: 'user',
        readOnly: true,
      },
    ]);
    expect(r.problems).toEqual([
      '(workspace settings) gearman.servers: prod:4730 turns certificate checks off, but your user settings define prod:4730 with them on; your user settings are used.',
    ]);
  });

  it('in an untrusted workspace, keeps user entries and blocks workspace ones (a duplicate of a user entry is the user one)', () => {
    const r = resolveServers(ws, 5, trustFrom({ trusted: false, user, workspace: ws }));
    expect(r.servers.map((s) => [s.id, s.source, s.blocked])).toEqual([
      ['10.0.0.1:4730', 'user', undefined],
      ['evil.example:4731', 'workspace', BLOCKED_REASON],
    ]);
    expect(r.usingDefault).toBe(false);
  });

  it('in an untrusted workspace with only workspace entries, shows them blocked and does not fall back to localhost', () => {
    const r = resolveServers(
      undefined,
      5,
      trustFrom({ trusted: false, workspace: [{ host: '127.0.0.1', port: 5000 }] }),
    );
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
