// The one resolver every path to a server goes through: names, ids, host:port and all; refusals
// for blocked, readOnly and unconfigured servers; confirmation once per address per session.
import { describe, expect, it } from 'vitest';
import { ServerResolver, TargetError, type ResolverDeps } from '../../../../server/src/registry/resolver';
import type { ServerConfig } from '../../../../server/src/registry/types';

const prod: ServerConfig = {
  id: '10.0.0.5:4730',
  name: 'prod',
  host: '10.0.0.5',
  port: 4730,
  source: 'user',
  readOnly: true,
  tls: { keyFile: '/k' },
};
const dev: ServerConfig = { id: '10.0.0.6:4730', name: '10.0.0.6:4730', host: '10.0.0.6', port: 4730, source: 'user' };
const theirs: ServerConfig = {
  id: 'evil:1',
  name: 'theirs',
  host: 'evil',
  port: 1,
  source: 'workspace',
  blocked: 'Not connected: untrusted.',
};

function resolver(over: Partial<ResolverDeps> = {}, asked: string[] = []) {
  return new ServerResolver({
    ready: async () => undefined,
    configs: () => [prod, dev, theirs],
    trusted: () => true,
    endpoint: async (c) => ({
      host: c.host,
      port: c.port,
      ...(c.tls ? { tls: { ...c.tls, passphrase: 'secret' } } : {}),
    }),
    confirm: async (q) => {
      asked.push(q.message);
      return true;
    },
    openSecret: () => undefined,
    ...over,
  });
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof TargetError ? `${e.code}: ${e.message}` : `other: ${String(e)}`),
  );

describe('ServerResolver', () => {
  it('resolves names, ids and host:port of configured servers, with their secrets', async () => {
    const r = resolver();
    expect(await r.resolve('prod', { purpose: 'job' })).toEqual({
      label: 'prod',
      servers: [
        { config: prod, endpoint: { host: '10.0.0.5', port: 4730, tls: { keyFile: '/k', passphrase: 'secret' } } },
      ],
    });
    expect((await r.resolve('10.0.0.6:4730', { purpose: 'job' })).label).toBe('10.0.0.6:4730');
    expect((await r.resolve(undefined, { purpose: 'job' })).label).toBe('prod');
  });

  it('uses every usable server for all, in order, and only where allowed', async () => {
    const r = resolver();
    expect((await r.resolve('all', { purpose: 'job', allowAll: true })).servers.map((s) => s.config.id)).toEqual([
      '10.0.0.5:4730',
      '10.0.0.6:4730',
    ]);
    expect((await r.resolve('all', { purpose: 'change', allowAll: true })).servers.map((s) => s.config.id)).toEqual([
      '10.0.0.6:4730',
    ]);
    expect(await refusal(r.resolve('all', { purpose: 'job' }))).toMatch(/^ONE_SERVER: /);
  });

  it('refuses a blocked server with its reason and a readOnly one for anything that changes it', async () => {
    const r = resolver();
    expect(await refusal(r.resolve('theirs', { purpose: 'read' }))).toBe('BLOCKED: theirs: Not connected: untrusted.');
    expect(await refusal(r.resolve('prod', { purpose: 'change' }))).toMatch(
      /^READ_ONLY: prod \(10\.0\.0\.5:4730\) is marked readOnly in gearman\.servers/,
    );
    expect(await refusal(r.resolve('prod', { purpose: 'worker' }))).toMatch(
      /^READ_ONLY: .*no worker is registered on it/,
    );
    expect((await r.resolve('prod', { purpose: 'read' })).label).toBe('prod');
  });

  it('refuses an unknown name, listing the choices', async () => {
    expect(await refusal(resolver().resolve('staging', { purpose: 'job', allowAll: true }))).toBe(
      'UNKNOWN_SERVER: No configured Gearman server is called "staging"; use one of prod (10.0.0.5:4730), 10.0.0.6:4730, theirs (evil:1), or all.',
    );
  });

  it('refuses an unconfigured address unless the caller allows it; then asks once per address', async () => {
    const asked: string[] = [];
    const r = resolver({}, asked);
    expect(await refusal(r.resolve('127.0.0.1:9', { purpose: 'job' }))).toMatch(
      /^NOT_CONFIGURED: 127\.0\.0\.1:9 is not a configured Gearman server/,
    );
    expect(asked).toEqual([]);
    const adHoc = { origin: 'The job file a.gearman' };
    expect((await r.resolve('127.0.0.1:9', { purpose: 'job', adHoc })).servers[0].endpoint).toEqual({
      host: '127.0.0.1',
      port: 9,
    });
    await r.resolve('127.0.0.1:9', { purpose: 'job', adHoc });
    await r.resolve('[::1]:9', { purpose: 'job', adHoc });
    expect(asked).toEqual([
      'Send to 127.0.0.1:9? It is not one of your configured Gearman servers.',
      'Send to [::1]:9? It is not one of your configured Gearman servers.',
    ]);
  });

  it('sends nothing to an unconfigured address when the user declines, or in an untrusted workspace (without asking)', async () => {
    const asked: string[] = [];
    expect(
      await refusal(
        resolver({ confirm: async () => false }).resolve('127.0.0.1:9', { purpose: 'job', adHoc: { origin: 'x' } }),
      ),
    ).toMatch(/^DECLINED: Not sent/);
    expect(
      await refusal(
        resolver({ trusted: () => false }, asked).resolve('127.0.0.1:9', {
          purpose: 'job',
          adHoc: { origin: 'The job file a.gearman' },
        }),
      ),
    ).toMatch(
      /^NOT_CONFIGURED: The job file a\.gearman names 127\.0\.0\.1:9, which is not a configured server, and this workspace is not trusted/,
    );
    expect(asked).toEqual([]);
  });
});
