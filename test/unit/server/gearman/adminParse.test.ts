// Admin reply parsers against bytes captured from real gearmand 1.1.20 and Perl
// Gearman::Server 1.130 (see fixtures/admin/README.md), plus malformed input and fuzz.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isUnknownCommandError,
  parseGetPid,
  parseOk,
  parsePriorityStatus,
  parseShowJobs,
  parseShowUniqueJobs,
  parseStatus,
  parseVerbose,
  parseVersion,
  parseWorkers,
} from '../../../../server/src/gearman/adminParse';
import { ProtocolError, ServerError } from '../../../../server/src/gearman/errors';
import { decodeName, encodeName } from '../../../../server/src/gearman/names';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/admin', `${name}.txt`));
const G = 'gearmand-1.1.20-';
const P = 'perl-1.130-';
const LATIN1_CAFE = decodeName(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
const toCrlf = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

function serverError(fn: () => unknown): ServerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServerError) return e;
    throw e;
  }
  throw new Error('expected a ServerError');
}

describe('status', () => {
  it('reads gearmand 1.1.20, including running jobs and functions without workers', () => {
    const rows = parseStatus(fixture(`${G}status`));
    expect(rows).toHaveLength(11);
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('slow')).toEqual({ name: 'slow', total: 1, running: 1, workers: 1, queued: 0 });
    expect(by.get('nobody_home')).toEqual({ name: 'nobody_home', total: 4, running: 0, workers: 0, queued: 4 });
    expect(by.get('empty_fn')).toEqual({ name: 'empty_fn', total: 0, running: 0, workers: 0, queued: 0 });
    expect(by.has('café_ü')).toBe(true);
    expect(by.has('日本語')).toBe(true);
    expect(by.get(LATIN1_CAFE)?.total).toBe(1);
  });

  it('round-trips a non-UTF-8 name to the exact bytes the server printed', () => {
    const raw = fixture(`${G}status`);
    for (const row of parseStatus(raw)) {
      const line = Buffer.concat([encodeName(row.name), Buffer.from(`\t${row.total}\t`)]);
      expect(raw.includes(line)).toBe(true);
    }
    expect(encodeName(LATIN1_CAFE)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });

  it('reads Perl 1.130 and empty lists from both servers', () => {
    const rows = parseStatus(fixture(`${P}status`));
    expect(rows.map((r) => r.name)).toContain('nobody_home');
    expect(rows.find((r) => r.name === 'nobody_home')).toMatchObject({ total: 2, running: 0, workers: 0 });
    expect(rows.find((r) => r.name === LATIN1_CAFE)).toMatchObject({ total: 1, workers: 1 });
    expect(parseStatus(fixture(`${G}status-empty`))).toEqual([]);
    expect(parseStatus(fixture(`${P}status-empty`))).toEqual([]);
  });

  it('reads CRLF line ends the same as LF', () => {
    expect(parseStatus(toCrlf(fixture(`${G}status`)))).toEqual(parseStatus(fixture(`${G}status`)));
  });

  it('never reports a negative queue', () => {
    expect(parseStatus('f\t1\t3\t0\n.\n')[0].queued).toBe(0);
  });

  it('reads a function named like an error as a row', () => {
    expect(parseStatus('ERR x\t0\t0\t1\n.\n')[0].name).toBe('ERR x');
  });

  it.each([
    ['too few fields', 'fn\t1\t0\n.\n'],
    ['too many fields', 'fn\t1\t0\t1\t9\n.\n'],
    ['non-numeric count', 'fn\t1\tx\t1\n.\n'],
    ['negative count', 'fn\t-1\t0\t1\n.\n'],
    ['missing final dot', 'fn\t1\t0\t1\n'],
    ['dot without LF', 'fn\t1\t0\t1\n.'],
    ['data after dot', '.\nfn\t1\t0\t1\n'],
    ['empty reply', ''],
  ])('rejects %s with a ProtocolError naming the command', (_what, reply) => {
    expect(() => parseStatus(reply)).toThrow(ProtocolError);
    expect(() => parseStatus(reply)).toThrow(/status/);
  });

  it('quotes the bad line in the error', () => {
    expect(() => parseStatus('good\t1\t0\t1\nbroken line\n.\n')).toThrow(/"broken line"/);
  });

  it('turns an ERR reply into a ServerError', () => {
    const e = serverError(() => parseStatus(fixture(`${P}show-jobs-unknown`)));
    expect(e.code).toBe('unknown_command');
    expect(isUnknownCommandError(e)).toBe(true);
  });
});

describe('prioritystatus', () => {
  it('reads gearmand 1.1.20 per-priority queues', () => {
    const rows = parsePriorityStatus(fixture(`${G}prioritystatus`));
    expect(rows.find((r) => r.name === 'nobody_home')).toEqual({
      name: 'nobody_home',
      high: 1,
      normal: 2,
      low: 1,
      workers: 0,
    });
    expect(rows.find((r) => r.name === 'slow')).toEqual({ name: 'slow', high: 0, normal: 0, low: 0, workers: 1 });
  });

  it('rejects a status-shaped line', () => {
    expect(() => parsePriorityStatus('fn\t1\t0\t1\n.\n')).toThrow(ProtocolError);
  });

  it('reports Perl not knowing the command', () => {
    expect(isUnknownCommandError(serverError(() => parsePriorityStatus(fixture(`${P}prioritystatus-unknown`))))).toBe(
      true,
    );
  });
});

describe('workers', () => {
  it('reads gearmand 1.1.20: IPv6 peers, client ids, connections without functions', () => {
    const rows = parseWorkers(fixture(`${G}workers`));
    expect(rows).toHaveLength(7);
    expect(rows).toContainEqual({
      fd: '23',
      address: '::3533:3033:3200:0%3021524736',
      clientId: '-',
      functions: ['v6fn'],
    });
    expect(rows).toContainEqual({
      fd: '24',
      address: '127.0.0.1',
      clientId: 'billing-worker-7',
      functions: ['refund', 'charge'],
    });
    expect(rows).toContainEqual({ fd: '26', address: '127.0.0.1', clientId: 'idle-client', functions: [] });
    expect(rows).toContainEqual({ fd: '21', address: '127.0.0.1', clientId: '-', functions: [] });
    expect(rows).toContainEqual({
      fd: '27',
      address: '127.0.0.1',
      clientId: '-',
      functions: ['日本語', 'café_ü', LATIN1_CAFE],
    });
  });

  it('reads gearmand empty and spaced client ids', () => {
    const rows = parseWorkers(fixture(`${G}workers-edge`));
    expect(rows).toContainEqual({ fd: '21', address: '127.0.0.1', clientId: '', functions: ['empty_id_fn'] });
    expect(rows).toContainEqual({ fd: '22', address: '127.0.0.1', clientId: 'has space', functions: ['spaced_id_fn'] });
    expect(rows).toContainEqual({
      fd: '23',
      address: '::3339:3036:3200:0%893948832',
      clientId: 'v6-worker',
      functions: ['v6fn'],
    });
    expect(rows.find((r) => r.fd === '24')?.functions).toEqual([]);
  });

  it('reads Perl 1.130, whose lines end in " : "', () => {
    const rows = parseWorkers(fixture(`${P}workers`));
    expect(rows).toContainEqual({ fd: '6', address: '127.0.0.1', clientId: '-', functions: [] });
    expect(rows).toContainEqual({
      fd: '8',
      address: '127.0.0.1',
      clientId: 'billing-worker-7',
      functions: ['charge', 'refund'],
    });
    expect(rows).toContainEqual({ fd: '11', address: '127.0.0.1', clientId: 'idle-client', functions: [] });
    expect(parseWorkers(fixture(`${P}workers-edge`))).toContainEqual({
      fd: '7',
      address: '127.0.0.1',
      clientId: 'hasspace',
      functions: ['spaced_id_fn'],
    });
    expect(parseWorkers(fixture(`${P}workers-admin-only`))).toEqual([
      { fd: '6', address: '127.0.0.1', clientId: '-', functions: [] },
    ]);
  });

  it('keeps a full IPv6 address whole', () => {
    expect(parseWorkers('9 2001:db8::1 - : a b\n.\r\n')).toEqual([
      { fd: '9', address: '2001:db8::1', clientId: '-', functions: ['a', 'b'] },
    ]);
  });

  it.each([
    ['no separator', '9 127.0.0.1 - fn\n.\n'],
    ['no address', '9\n.\n'],
    ['non-numeric fd', 'x 127.0.0.1 - : fn\n.\n'],
    ['empty address', '9  - : fn\n.\n'],
  ])('rejects %s', (_what, reply) => {
    expect(() => parseWorkers(reply)).toThrow(ProtocolError);
  });
});

describe('show jobs / show unique jobs', () => {
  it('reads gearmand 1.1.20 job rows', () => {
    const rows = parseShowJobs(fixture(`${G}show-jobs`));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ handle: 'H:vm:1', retries: 0, ignore: false, queued: true });
  });

  it('reads unique ids, empty for jobs without one', () => {
    expect(parseShowUniqueJobs(fixture(`${G}show-unique-jobs`))).toEqual([
      '',
      '',
      '',
      '',
      'my-unique-2',
      'my-unique-1',
    ]);
  });

  it('rejects a job row with a bad count or no handle', () => {
    expect(() => parseShowJobs('H:x:1\t0\tno\t1\n.\n')).toThrow(ProtocolError);
    expect(() => parseShowJobs('\t0\t0\t1\n.\n')).toThrow(ProtocolError);
  });

  it('reports gearmand show arguments it does not know', () => {
    expect(isUnknownCommandError(serverError(() => parseShowJobs(fixture(`${G}show-bogus`))))).toBe(true);
  });
});

describe('one-line replies', () => {
  it('reads version of both servers', () => {
    expect(parseVersion(fixture(`${G}version`))).toEqual({
      kind: 'gearmand',
      version: '1.1.20+ds',
      raw: 'OK 1.1.20+ds',
    });
    expect(parseVersion(fixture(`${P}version`))).toEqual({ kind: 'perl', version: '1.130.1', raw: 'v1.130.1' });
    expect(parseVersion('gearmand-ng 3\n').kind).toBe('unknown');
  });

  it('reads getpid and verbose', () => {
    expect(parseGetPid(fixture(`${G}getpid`))).toBe(8722);
    expect(parseVerbose(fixture(`${G}verbose`))).toBe('ERROR');
    expect(() => parseGetPid('OK abc\n')).toThrow(ProtocolError);
    expect(isUnknownCommandError(serverError(() => parseGetPid(fixture(`${P}getpid-unknown`))))).toBe(true);
  });

  it('reads OK from both servers, and nothing that is not exactly OK', () => {
    const replies = [
      `${G}cancel-job-ok`,
      `${G}create-function-ok`,
      `${G}drop-function-ok`,
      `${G}maxqueue-one`,
      `${G}maxqueue-three`,
      `${P}maxqueue-one`,
    ].map(fixture);
    expect(replies.map((r) => r.toString('latin1'))).toEqual([
      'OK\r\n',
      'OK\r\n',
      'OK\r\n',
      'OK\r\n',
      'OK\r\n',
      'OK\n',
    ]);
    for (const r of replies) expect(parseOk('x', r)).toBeUndefined();
    for (const near of ['KO\n', 'OK 1\n', 'OKAY\n', 'ok\n', 'OK\r\nOK\r\n', '\n', '']) {
      expect(() => parseOk('maxqueue', near), JSON.stringify(near)).toThrow(ProtocolError);
      expect(() => parseOk('maxqueue', near), JSON.stringify(near)).toThrow(/maxqueue/);
    }
  });

  it.each([
    [`${G}cancel-job-unknown`, 'UNKNOWN_JOB', false],
    [`${G}drop-function-busy`, 'FUNCTION_IN_USE', false],
    [`${G}drop-function-not-found`, 'FUNCTION_NOT_FOUND', false],
    [`${G}maxqueue-no-args`, 'INVALID_ARGUMENTS', false],
    [`${G}unknown-command`, 'UNKNOWN_COMMAND', true],
    [`${P}unknown-command`, 'unknown_command', true],
    [`${P}cancel-job-unknown-command`, 'unknown_command', true],
    [`${P}maxqueue-no-args`, 'incomplete_args', false],
  ])('turns %s into ServerError %s', (file, code, unknown) => {
    const e = serverError(() => parseOk('cmd', fixture(file)));
    expect(e.code).toBe(code);
    expect(isUnknownCommandError(e)).toBe(unknown);
  });

  it('decodes the server text of an error', () => {
    expect(serverError(() => parseOk('maxqueue', fixture(`${G}maxqueue-no-args`))).message).toContain(
      'An incomplete set of arguments',
    );
    expect(serverError(() => parseOk('drop function', fixture(`${G}drop-function-busy`))).message).toContain(
      'still connected workers',
    );
  });
});

describe('fuzz', () => {
  const parsers = [
    parseStatus,
    parsePriorityStatus,
    parseWorkers,
    parseShowJobs,
    parseShowUniqueJobs,
    parseVersion,
    parseGetPid,
    parseVerbose,
    (r: Buffer | string) => parseOk('x', r),
  ];
  const lines = fc
    .array(
      fc.oneof(
        fc.constantFrom('.', 'ERR x', 'OK', 'OK 1', '9 ::1 - : f', 'f\t1\t0\t1', 'f\t1\t0\t1\t2', '', '\r'),
        fc.string(),
      ),
      { maxLength: 6 },
    )
    .map((ls) => ls.join('\n') + (ls.length ? '\n' : ''));

  function check(input: Buffer | string): void {
    for (const parse of parsers) {
      try {
        parse(input);
      } catch (e) {
        const text = typeof input === 'string' ? input : input.toString('latin1');
        if (e instanceof ServerError && text.startsWith('ERR')) continue;
        if (!(e instanceof ProtocolError)) throw e;
      }
    }
  }

  it('any string either parses or throws ProtocolError (ServerError only for ERR replies)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), lines), (s) => check(s)),
      { numRuns: 2000 },
    );
  });

  it('any bytes either parse or throw ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (a) => check(Buffer.from(a))),
      { numRuns: 2000 },
    );
  });

  it('every name without TAB or LF survives status -> encodeName byte for byte', () => {
    const nameBytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((b) => b !== 9 && b !== 10)));
    fc.assert(
      fc.property(nameBytes, (name) => {
        const reply = Buffer.concat([name, Buffer.from('\t3\t1\t2\n.\n')]);
        const [row] = parseStatus(reply);
        expect(encodeName(row.name)).toEqual(name);
        expect(row).toMatchObject({ total: 3, running: 1, workers: 2, queued: 2 });
      }),
      { numRuns: 2000 },
    );
  });
});
