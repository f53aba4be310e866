// TLS with a client certificate whose key needs a passphrase. The passphrase reaches the
// server only through `gearman/setPassphrase` (the client keeps it in SecretStorage), never
// through settings. Debian's gearmand has no TLS, so a node `tls` server terminates TLS
// (asking for a client certificate) and pipes to a real gearmand, as stunnel would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';
import { setPassphrase, testConnection } from '../../server/src/protocol';

const PASS = 'correct horse';

describe('TLS client key passphrase', () => {
  let dir: string;
  let gd: GearmandHandle;
  let proxy: Server;
  let port: number;
  let lsp: LspSession | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gearman-tlspass-'));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Throwaway Test CA']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf']);
    run(['req', '-newkey', 'rsa:2048', '-passout', `pass:${PASS}`, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=editor']);
    run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '1']);
    gd = await startGearmand();
    proxy = createServer({
      key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')), requestCert: true, rejectUnauthorized: true,
    }, (tlsSock) => {
      const plain = connect(gd.port, gd.host);
      tlsSock.pipe(plain).pipe(tlsSock);
      tlsSock.on('error', () => plain.destroy());
      plain.on('error', () => tlsSock.destroy());
      tlsSock.on('close', () => plain.destroy());
    });
    proxy.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    port = (proxy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await lsp?.close();
    await new Promise((r) => proxy?.close(r));
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tests the connection with the passphrase, and says why without it', async () => {
    const tls = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') };
    lsp = await startLsp({ servers: [{ name: 'tls', host: '127.0.0.1', port, tls }], refreshInterval: 1 });
    expect(await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls, passphrase: PASS })).toMatchObject({ ok: true, kind: 'gearmand' });
    const without = await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls });
    expect(without.ok).toBe(false);
    expect(without.message).toMatch(/127\.0\.0\.1:\d+/);
    expect(without.message).toMatch(/it is encrypted; enter its passphrase/);
    expect((await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls, passphrase: 'wrong' })).message).toMatch(/the passphrase is wrong/);
    expect(await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port, tls: { ...tls, caFile: undefined }, passphrase: PASS }))
      .toMatchObject({ ok: false, message: expect.stringMatching(/certificate .* was not accepted/) });
  });

  it('connects the configured server once the passphrase arrives', async () => {
    const id = `127.0.0.1:${port}`;
    await lsp!.waitFor(serversChanged, (d) => d.changed.some((s) => s.id === id && s.health === 'down'));
    await lsp!.conn.sendNotification(setPassphrase, { serverId: id, passphrase: PASS });
    const d = await lsp!.waitFor(serversChanged, (x) => x.changed.some((s) => s.id === id && s.health === 'up'));
    expect(d.changed.find((s) => s.id === id)?.tls).toBe(true);
  });
});
