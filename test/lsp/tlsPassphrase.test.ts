// TLS with a client certificate whose key needs a passphrase. The passphrase reaches the
// server only through `gearman/setPassphrase` (the client keeps it in SecretStorage), never
// through settings. Debian's gearmand has no TLS, so a node `tls` server terminates TLS
// (asking for a client certificate) and pipes to a real gearmand, as stunnel would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { startTlsFront, type TlsFront } from '../support/tlsFront';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';
import { setPassphrase, testConnection } from '../../server/src/protocol';

describe('TLS client key passphrase', () => {
  let gd: GearmandHandle;
  let front: TlsFront;
  let port: number;
  let PASS: string;
  let lsp: LspSession | undefined;

  beforeAll(async () => {
    gd = await startGearmand();
    front = await startTlsFront(gd.port);
    port = front.port;
    PASS = front.passphrase;
  });
  afterAll(async () => {
    await lsp?.close();
    await front?.close();
    await gd?.stop();
  });

  it('tests the connection with the passphrase, and says why without it', async () => {
    const tls = { caFile: front.caFile, certFile: front.certFile, keyFile: front.keyFile };
    lsp = await startLsp({ servers: [{ name: 'tls', host: '127.0.0.1', port, tls }], refreshInterval: 1 });
    expect(
      await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls, passphrase: PASS }),
    ).toMatchObject({ ok: true, kind: 'gearmand' });
    const without = await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls });
    expect(without.ok).toBe(false);
    expect(without.message).toMatch(/127\.0\.0\.1:\d+/);
    expect(without.message).toMatch(/it is encrypted; enter its passphrase/);
    expect(
      (await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls, passphrase: 'wrong' })).message,
    ).toMatch(/the passphrase is wrong/);
    expect(
      await lsp.conn.sendRequest(testConnection, {
        host: '127.0.0.1',
        port,
        tls: { ...tls, caFile: undefined },
        passphrase: PASS,
      }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/certificate .* was not accepted/) });
  });

  it('connects the configured server once the passphrase arrives', async () => {
    const id = `127.0.0.1:${port}`;
    await lsp!.waitFor(serversChanged, (d) => d.changed.some((s) => s.id === id && s.health === 'down'));
    await lsp!.conn.sendNotification(setPassphrase, { serverId: id, passphrase: PASS });
    const d = await lsp!.waitFor(serversChanged, (x) => x.changed.some((s) => s.id === id && s.health === 'up'));
    expect(d.changed.find((s) => s.id === id)?.tls).toBe(true);
  });
});
