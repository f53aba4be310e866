// A port that refuses connections for as long as the test holds it: a TCP socket bound to it
// that never listens. Nothing else can take the port meanwhile, so "dead" cannot turn into
// another test's gearmand. Node cannot bind a TCP socket without listening, so a small Perl
// process holds it (Perl is on every machine with gearmand's Debian packages).
import { spawn } from 'node:child_process';

/** A bound, never-listening port; connecting to it is refused. */
export interface DeadPort {
  port: number;
  /** Releases the port. */
  release(): Promise<void>;
}

const HOLD = [
  'use strict; use Socket;',
  'socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\\n";',
  'bind($s, pack_sockaddr_in(0, inet_aton(\'127.0.0.1\'))) or die "bind: $!\\n";',
  'my ($port) = unpack_sockaddr_in(getsockname($s));',
  '$| = 1; print "$port\\n";',
  '1 while <STDIN>;', // hold the port until the test closes stdin (or dies)
].join(' ');

/** Binds a loopback port without listening on it and resolves with its number. */
export function reserveDeadPort(): Promise<DeadPort> {
  return new Promise((resolve, reject) => {
    const proc = spawn('perl', ['-e', HOLD], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.once('error', (e) =>
      reject(new Error(`cannot start perl to hold a dead port (is perl installed?): ${e.message}`)),
    );
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (!m) return;
      resolve({
        port: Number(m[1]),
        release: async () => {
          proc.stdin.end();
          await exited;
        },
      });
    });
    void exited.then(() => {
      if (!/^\d+\n/.test(out)) reject(new Error(`perl could not bind a dead port: ${err || 'no output'}`));
    });
  });
}
