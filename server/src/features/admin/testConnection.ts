// "Test connection" for a server the user is adding or editing: connect, ask version,
// status and workers, and say in one line what answered (or why nothing did).
import { AdminClient, serverTitle, type Endpoint, GearmanError } from '../../gearman';
import type { TestConnectionResult } from './types';

/** Adds what to do when OpenSSL could not read the client key (a missing or wrong passphrase). */
export function keyHint(message: string, tls: Endpoint['tls']): string {
  if (!/bad decrypt|bad password|passphrase|DECODER|PEM_read/i.test(message) || typeof tls !== 'object' || !tls.keyFile)
    return message;
  return `${message}. The key file ${tls.keyFile} could not be read: ${tls.passphrase ? 'the passphrase is wrong' : 'it is encrypted; enter its passphrase'}.`;
}

/** Why `host`/`port` cannot be an address to test, or undefined when they can. */
export function badAddress(host: unknown, port: unknown): string | undefined {
  const ok =
    typeof host === 'string' &&
    host.trim() !== '' &&
    Number.isInteger(port) &&
    (port as number) >= 1 &&
    (port as number) <= 65535;
  return ok ? undefined : 'Give a host and a port from 1 to 65535.';
}

/** Connects once to `endpoint` (from ServerResolver.candidate) and reports what answered; never throws. */
export async function testConnection(endpoint: Endpoint): Promise<TestConnectionResult> {
  const bad = badAddress(endpoint.host, endpoint.port);
  if (bad) return { ok: false, message: bad };
  const admin = new AdminClient(endpoint, { connectTimeoutMs: 4000, commandTimeoutMs: 5000 });
  try {
    const v = await admin.version();
    const functions = (await admin.status()).length;
    const workers = (await admin.workers()).filter((w) => w.functions.length > 0).length;
    const message =
      v.kind === 'unknown'
        ? `Something answers the Gearman admin protocol there (version reply "${v.raw.slice(0, 80)}"), with ${functions} functions and ${workers} workers`
        : `${serverTitle(v)}: ${functions} functions, ${workers} workers`;
    return { ok: true, kind: v.kind, version: v.version, functions, workers, message };
  } catch (e) {
    const message = e instanceof GearmanError ? e.message : `Cannot test the connection: ${(e as Error).message}`;
    return { ok: false, message: keyHint(message, endpoint.tls) };
  } finally {
    admin.close();
  }
}
