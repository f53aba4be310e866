// "Test connection" for a server the user is adding or editing: connect, ask version,
// status and workers, and say in one line what answered (or why nothing did).
import { AdminClient } from '../../gearman/admin';
import { serverTitle } from '../../gearman/adminSupport';
import type { Endpoint, TlsOptions } from '../../gearman/endpoint';
import { GearmanError } from '../../gearman/errors';
import type { TestConnectionParams, TestConnectionResult } from './types';

/** The endpoint for a server entry plus its passphrase (kept out of settings). */
export function toEndpoint(host: string, port: number, tls: TestConnectionParams['tls'], passphrase?: string): Endpoint {
  if (!tls) return { host, port };
  const t: TlsOptions = tls === true ? {} : { ...tls };
  if (passphrase) t.passphrase = passphrase;
  return { host, port, tls: t };
}

/** Adds what to do when OpenSSL could not read the client key (a missing or wrong passphrase). */
export function keyHint(message: string, p: Pick<TestConnectionParams, 'tls' | 'passphrase'>): string {
  if (!/bad decrypt|bad password|passphrase|DECODER|PEM_read/i.test(message) || typeof p.tls !== 'object' || !p.tls.keyFile) return message;
  return `${message}. The key file ${p.tls.keyFile} could not be read: ${p.passphrase ? 'the passphrase is wrong' : 'it is encrypted; enter its passphrase'}.`;
}

/** Connects once and reports what answered; never throws. */
export async function testConnection(p: TestConnectionParams): Promise<TestConnectionResult> {
  if (typeof p?.host !== 'string' || !p.host.trim() || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
    return { ok: false, message: 'Give a host and a port from 1 to 65535.' };
  }
  const admin = new AdminClient(toEndpoint(p.host.trim(), p.port, p.tls, p.passphrase), { connectTimeoutMs: 4000, commandTimeoutMs: 5000 });
  try {
    const v = await admin.version();
    const functions = (await admin.status()).length;
    const workers = (await admin.workers()).filter((w) => w.functions.length > 0).length;
    if (v.kind === 'unknown') {
      return { ok: true, kind: v.kind, version: v.version, functions, workers, message: `Something answers the Gearman admin protocol there (version reply "${v.raw.slice(0, 80)}"), with ${functions} functions and ${workers} workers` };
    }
    return { ok: true, kind: v.kind, version: v.version, functions, workers, message: `${serverTitle(v)}: ${functions} functions, ${workers} workers` };
  } catch (e) {
    const message = e instanceof GearmanError ? e.message : `Cannot test the connection: ${(e as Error).message}`;
    return { ok: false, message: keyHint(message, p) };
  } finally {
    admin.close();
  }
}
