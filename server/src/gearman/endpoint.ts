// Where a gearmand listens and how to reach it (TCP or TLS), and opening a socket to it.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import { ConnectionError, TimeoutError } from './errors';

/** TLS options. Certificates are verified unless `insecureSkipVerify` is set explicitly. */
export interface TlsOptions {
  /** Path to a PEM file of CA certificates to trust instead of the system store. */
  caFile?: string;
  /** Path to a PEM client certificate, for servers that ask for one. */
  certFile?: string;
  /** Path to the PEM private key of the client certificate. */
  keyFile?: string;
  /** Passphrase of the private key (kept in the editor's secret storage, never in settings). */
  passphrase?: string;
  /** Name to check the server certificate against (SNI), when it differs from the host. */
  servername?: string;
  /** Do not verify the server certificate. Insecure: anyone on the path can read and change jobs. */
  insecureSkipVerify?: boolean;
}

/** One gearmand server. */
export interface Endpoint {
  host: string;
  port: number;
  tls?: TlsOptions | boolean;
}

/** The default gearmand port. */
export const DEFAULT_PORT = 4730;

/** `host:port`, with IPv6 hosts in brackets. */
export function endpointLabel(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** Options for opening a socket. */
export interface OpenOptions {
  /** Milliseconds to wait for the TCP (and TLS) handshake. Default 5000. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Opens a TCP or TLS socket to the endpoint; rejects with ConnectionError or TimeoutError. */
export function openSocket(e: Endpoint, opts: OpenOptions = {}): Promise<Socket | TLSSocket> {
  const timeoutMs = opts.connectTimeoutMs ?? 5000;
  const label = endpointLabel(e);
  return new Promise((resolve, reject) => {
    let sock: Socket;
    try {
      sock = e.tls ? tlsConnect(tlsConnectOptions(e)) : tcpConnect({ host: e.host, port: e.port });
    } catch (err) {
      reject(
        new ConnectionError(`Cannot connect to gearmand at ${label}: ${(err as Error).message}`, 'CONNECT_FAILED'),
      );
      return;
    }
    const ready = e.tls ? 'secureConnect' : 'connect';
    const cleanup = () => {
      clearTimeout(timer);
      sock.removeListener(ready, onReady);
      sock.removeListener('error', onError);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      cleanup();
      sock.destroy();
      reject(err);
    };
    const onReady = () => {
      cleanup();
      sock.setNoDelay(true);
      resolve(sock);
    };
    const onError = (err: NodeJS.ErrnoException) =>
      fail(new ConnectionError(describeConnectError(label, err, !!e.tls), err.code ?? 'CONNECT_FAILED'));
    const onAbort = () => fail(new ConnectionError(`Connecting to ${label} was cancelled`, 'ABORTED'));
    const timer = setTimeout(
      () =>
        fail(
          new TimeoutError(
            `gearmand at ${label} did not accept the connection within ${timeoutMs} ms; check the host, port and firewall`,
            'CONNECT_TIMEOUT',
          ),
        ),
      timeoutMs,
    );
    sock.once(ready, onReady);
    sock.once('error', onError);
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function tlsConnectOptions(e: Endpoint) {
  const t: TlsOptions = typeof e.tls === 'object' ? e.tls : {};
  const read = (what: string, path?: string) => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(
        `cannot read the TLS ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  };
  return {
    host: e.host,
    port: e.port,
    servername: t.servername ?? (isIp(e.host) ? undefined : e.host),
    ca: read('CA', t.caFile),
    cert: read('certificate', t.certFile),
    key: read('key', t.keyFile),
    passphrase: t.passphrase,
    rejectUnauthorized: !t.insecureSkipVerify,
  };
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** Words a user can act on for the usual socket errors. */
export function describeConnectError(label: string, err: NodeJS.ErrnoException, tls: boolean): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `gearmand at ${label} refused the connection; is it running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host of ${label} could not be resolved; check the host name`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${label} is unreachable from this machine; check the network or VPN`;
    case 'ECONNRESET':
      return `gearmand at ${label} closed the connection${tls ? ' during the TLS handshake; does the server have TLS enabled?' : ''}`;
    default:
      if (tls && /certificate|self.signed|altname|CERT_/i.test(`${err.code} ${err.message}`)) {
        return `the TLS certificate of ${label} was not accepted (${err.message}); set a CA file or servername, or turn off verification explicitly`;
      }
      return `cannot connect to gearmand at ${label}: ${err.message}`;
  }
}
