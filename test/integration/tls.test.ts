// TLS to gearmand. Debian's gearmand 1.1.20 accepts --ssl but is built without TLS: it
// reads the ClientHello as a text command (seen live). So the server side here is a node
// `tls` server that terminates TLS and pipes to a real gearmand, as stunnel would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTlsFront, type TlsFront } from '../support/tlsFront';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { ConnectionError } from '../../server/src/gearman/errors';
import type { Endpoint } from '../../server/src/gearman/endpoint';

let gd: GearmandHandle;
let front: TlsFront;
let port: number;
let worker: GearmanWorker;

// The test's TLS front asks for no client certificate here: this file checks server verification only.
beforeAll(async () => {
  gd = await startGearmand();
  front = await startTlsFront(gd.port, undefined, { requireClientCert: false });
  port = front.port;
  worker = new GearmanWorker({ host: '127.0.0.1', port, tls: { caFile: front.caFile } });
  worker.register('tls_upper', (j) => j.payload.toString().toUpperCase());
  await worker.start();
});

afterAll(async () => {
  await worker?.stop(1000);
  await front?.close();
  await gd?.stop();
});

describe('TLS', () => {
  it('runs a job over a verified connection when the CA file is given', async () => {
    const client = new GearmanClient({ host: '127.0.0.1', port, tls: { caFile: front.caFile } });
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
