// Where an admin reply ends in a stream of chunks.
import { describe, expect, it } from 'vitest';
import { ReplyBuffer } from '../../../../server/src/gearman/adminReply';
import { ProtocolError } from '../../../../server/src/gearman/errors';

function feed(kind: 'list' | 'line', bytes: Buffer, cut: number, max = 1 << 20) {
  const r = new ReplyBuffer(kind, max);
  const first = r.push(bytes.subarray(0, cut));
  return first ?? r.push(bytes.subarray(cut));
}

describe('ReplyBuffer', () => {
  const list = Buffer.from('a\t1\t0\t1\n.b\t0\t0\t0\n..\n.\n');

  it('finds the end of a list split at every byte boundary', () => {
    for (let cut = 0; cut <= list.length; cut++) {
      expect(feed('list', list, cut)).toEqual({ reply: list, extra: 0 });
    }
  });

  it('ends a list at a first-line ERR (CRLF) and a line reply at the first LF', () => {
    const err = Buffer.from('ERR unknown_command \r\n');
    for (let cut = 0; cut <= err.length; cut++) expect(feed('list', err, cut)).toEqual({ reply: err, extra: 0 });
    expect(feed('line', Buffer.from('OK 1.1.20+ds\n'), 3)?.reply.toString()).toBe('OK 1.1.20+ds\n');
  });

  it('does not end a list at a row that merely starts with ERR', () => {
    const r = new ReplyBuffer('list', 1000);
    expect(r.push(Buffer.from('ERR x\t0\t0\t1\n'))).toBeUndefined();
    expect(r.push(Buffer.from('.\n'))?.reply.toString()).toBe('ERR x\t0\t0\t1\n.\n');
  });

  it('counts bytes after the reply', () => {
    expect(feed('line', Buffer.from('OK\r\nOK\r\n'), 8)).toEqual({ reply: Buffer.from('OK\r\n'), extra: 4 });
  });

  it('refuses a reply past the limit, with or without line ends', () => {
    const r = new ReplyBuffer('list', 100);
    expect(() => {
      for (let i = 0; i < 20; i++) r.push(Buffer.from('f\t1\t0\t1\n'));
    }).toThrow(ProtocolError);
    expect(() => new ReplyBuffer('line', 100).push(Buffer.alloc(101, 0x41))).toThrow(ProtocolError);
  });
});
