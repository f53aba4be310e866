// TLS to gearmand. Debian's gearmand 1.1.20 accepts --ssl but is built without TLS: it
// reads the ClientHello as a text command (seen live). So the server side here is a node
// `tls` server that terminates TLS and pipes to a real gearmand, as stunnel would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { ConnectionError } from '../../server/src/gearman/errors';
import type { Endpoint } from '../../server/src/gearman/endpoint';

let gd: GearmandHandle;
let proxy: Server;
let port: number;
let dir: string;
let worker: GearmanWorker;

function makeCerts(d: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'ignore' });
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
  writeFileSync(join(d, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
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
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gearman-tls-'));
  makeCerts(dir);
  gd = await startGearmand();
  proxy = createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
    (tlsSock) => {
      const plain = connect(gd.port, gd.host);
      tlsSock.pipe(plain).pipe(tlsSock);
      tlsSock.on('error', () => plain.destroy());
      plain.on('error', () => tlsSock.destroy());
      tlsSock.on('close', () => plain.destroy());
      plain.on('close', () => tlsSock.destroy());
    },
  );
  proxy.on('tlsClientError', () => {});
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  port = (proxy.address() as { port: number }).port;
  worker = new GearmanWorker({ host: '127.0.0.1', port, tls: { caFile: join(dir, 'ca.pem') } });
  worker.register('tls_upper', (j) => j.payload.toString().toUpperCase());
  await worker.start();
});

afterAll(async () => {
  await worker?.stop(1000);
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await gd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('runs a job over a verified connection when the CA file is given', async () => {
    const client = new GearmanClient({ host: '127.0.0.1', port, tls: { caFile: join(dir, 'ca.pem') } });
    try {
      const out = await client.submit('tls_upper', 'secret', { timeoutMs: 10_000 }).result;
      expect(out.status === 'complete' && out.data.toString()).toBe('SECRET');
    } finally {
      client.close();
    }
  });

  it('refuses an unknown certificate with words about the certificate', async () => {
    const client = new GearmanClient({ host: '127.0.0.1', port, tls: true });
    const err = await client.echo('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(
      new RegExp(`the TLS certificate of 127.0.0.1:${port} was not accepted .*set a CA file`),
    );
  });

  it('connects without verification only when insecureSkipVerify is set', async () => {
    const e: Endpoint = { host: '127.0.0.1', port, tls: { insecureSkipVerify: true } };
    const client = new GearmanClient(e);
    try {
      expect((await client.echo('over tls')).toString()).toBe('over tls');
    } finally {
      client.close();
    }
  });
});
