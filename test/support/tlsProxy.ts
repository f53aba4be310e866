// A TLS front for a real gearmand (Debian's gearmand has no working TLS), as stunnel would be:
// a throw-away CA, a server certificate for 127.0.0.1, and a client certificate whose key is
// encrypted with a passphrase; the proxy asks for the client certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running proxy and the files a client needs. */
export interface TlsProxy {
  port: number;
  /** TLS settings of a server entry: CA, client certificate and (encrypted) key. */
  tls: { caFile: string; certFile: string; keyFile: string };
  close(): Promise<void>;
}

/** Starts the proxy in front of gearmand on 127.0.0.1:`gearmandPort`; the client key is encrypted with `passphrase`. */
export async function startTlsProxy(gearmandPort: number, passphrase: string): Promise<TlsProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'gearman-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Throwaway Test CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf']);
  run(['req', '-newkey', 'rsa:2048', '-passout', `pass:${passphrase}`, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=editor']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '1']);
  const server = createServer({
    key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')),
    ca: readFileSync(join(dir, 'ca.pem')), requestCert: true, rejectUnauthorized: true,
  }, (tlsSock) => {
    const plain = connect(gearmandPort, '127.0.0.1');
    tlsSock.pipe(plain).pipe(tlsSock);
    tlsSock.on('error', () => plain.destroy());
    plain.on('error', () => tlsSock.destroy());
    tlsSock.on('close', () => plain.destroy());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    tls: { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'client.pem'), keyFile: join(dir, 'client.key') },
    close: () => new Promise<void>((r) => server.close(() => { rmSync(dir, { recursive: true, force: true }); r(); })),
  };
}
