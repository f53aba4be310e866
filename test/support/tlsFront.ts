// TLS in front of a real gearmand, asking for a client certificate whose key is encrypted.
// Debian's gearmand has no TLS, so a node `tls` server terminates it and pipes to gearmand,
// as stunnel would. The certificates are made with openssl in a throw-away folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A TLS front: its port, the files a client needs, and the client key's passphrase. */
export interface TlsFront {
  port: number;
  caFile: string;
  certFile: string;
  keyFile: string;
  passphrase: string;
  /** The TLS settings of a server entry for this front: CA, client certificate and (encrypted) key. */
  tls: { caFile: string; certFile: string; keyFile: string };
  close(): Promise<void>;
}

/**
 * Makes a CA, a server certificate for 127.0.0.1 and a client certificate with an encrypted key, and listens.
 * With `requireClientCert: false` any client that trusts the CA (or skips verification) gets through.
 */
export async function startTlsFront(
  gearmandPort: number,
  passphrase = 'correct horse',
  { requireClientCert = true } = {},
): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpdir(), 'gearman-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=Throwaway Test CA',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'ext.cnf',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-passout',
    `pass:${passphrase}`,
    '-keyout',
    'client.key',
    '-out',
    'client.csr',
    '-subj',
    '/CN=editor',
  ]);
  run([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.pem',
    '-days',
    '1',
  ]);
  const open = new Set<{ destroy(): void }>();
  const server: Server = createServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
    },
    (tlsSock) => {
      const plain = connect(gearmandPort, '127.0.0.1');
      open.add(tlsSock);
      tlsSock.on('close', () => open.delete(tlsSock));
      tlsSock.pipe(plain).pipe(tlsSock);
      tlsSock.on('error', () => plain.destroy());
      plain.on('error', () => tlsSock.destroy());
      tlsSock.on('close', () => plain.destroy());
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'client.pem'),
    keyFile: join(dir, 'client.key'),
    passphrase,
    tls: { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
