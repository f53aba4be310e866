// Binary packet codec: every packet type, arbitrary chunking, limits, and fuzz.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encodePacket,
  HEADER_SIZE,
  PacketDecoder,
  request,
  response,
  splitArgs,
} from '../../../../server/src/gearman/codec';
import { ARG_COUNT, PacketType, packetName, type Magic, type Packet } from '../../../../server/src/gearman/packet';
import { ProtocolError } from '../../../../server/src/gearman/errors';

const TYPES = Object.values(PacketType) as number[];

/** Arguments for a type: the last may hold NULs, the others may not. */
function sampleArgs(type: number): Buffer[] {
  const n = ARG_COUNT[type];
  return Array.from({ length: n }, (_, i) => Buffer.from(i === n - 1 ? `last\0of ${packetName(type)}` : `arg${i}-é`));
}

function decodeAll(bytes: Buffer, expect: Magic = 'RES', maxPacketSize?: number): Packet[] {
  return new PacketDecoder({ expect, maxPacketSize }).push(bytes);
}

function thrown(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error('expected a ProtocolError');
}

describe('encode and decode', () => {
  it.each(TYPES.map((t) => [packetName(t), t]))('round-trips %s both ways', (_name, type) => {
    const args = type === PacketType.WORK_FAIL ? [Buffer.from('H:host:1')] : sampleArgs(type);
    for (const magic of ['REQ', 'RES'] as const) {
      const bytes = encodePacket(magic, type, args);
      expect(bytes.readUInt32BE(4)).toBe(type);
      expect(bytes.readUInt32BE(8)).toBe(bytes.length - HEADER_SIZE);
      expect(decodeAll(bytes, magic)).toEqual([{ magic, type, args }]);
    }
  });

  it('writes the exact wire bytes of a submit', () => {
    expect(request(PacketType.SUBMIT_JOB, 'rev', '', 'abc')).toEqual(
      Buffer.from('\0REQ\0\0\0\x07\0\0\0\x08rev\0\0abc', 'latin1'),
    );
    expect(response(PacketType.NOOP)).toEqual(Buffer.from('\0RES\0\0\0\x06\0\0\0\0', 'latin1'));
  });

  it('refuses to encode a wrong argument count or an unknown type', () => {
    expect(thrown(() => request(PacketType.SUBMIT_JOB, 'only-one')).code).toBe('BAD_ARGS');
    expect(thrown(() => encodePacket('REQ', 5, [])).code).toBe('BAD_TYPE');
  });

  it('reads WORK_FAIL with and without the trailing NUL', () => {
    const withNul = Buffer.concat([response(PacketType.WORK_FAIL, 'H:x:1'), Buffer.from([0])]);
    withNul.writeUInt32BE(6, 8);
    expect(decodeAll(withNul)[0].args).toEqual([Buffer.from('H:x:1')]);
    expect(decodeAll(response(PacketType.WORK_FAIL, 'H:x:1'))[0].args).toEqual([Buffer.from('H:x:1')]);
  });

  it('treats missing separators as empty trailing arguments', () => {
    expect(splitArgs(Buffer.from('only'), 3)).toEqual([Buffer.from('only'), Buffer.alloc(0), Buffer.alloc(0)]);
  });
});

describe('streaming', () => {
  const packets = [
    response(PacketType.JOB_ASSIGN_UNIQ, 'H:a:1', 'fn', 'u', 'data\0with\0nul'),
    response(PacketType.NOOP),
    response(PacketType.WORK_COMPLETE, 'H:a:1', Buffer.alloc(300, 7)),
    response(PacketType.STATUS_RES, 'H:a:1', '1', '0', '3', '4'),
  ];
  const all = Buffer.concat(packets);
  const expected = decodeAll(all);

  it('decodes a stream split at every byte boundary', () => {
    for (let cut = 0; cut <= all.length; cut++) {
      const d = new PacketDecoder();
      const got = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))];
      expect(got).toEqual(expected);
      expect(d.pending).toBe(0);
    }
  });

  it('decodes byte by byte', () => {
    const d = new PacketDecoder();
    const got: Packet[] = [];
    for (const b of all) got.push(...d.push(Buffer.from([b])));
    expect(got).toEqual(expected);
  });

  it('decodes many packets in one chunk', () => {
    const many = Buffer.concat(
      Array.from({ length: 1000 }, (_, i) => response(PacketType.WORK_DATA, `H:a:${i}`, `d${i}`)),
    );
    const got = decodeAll(many);
    expect(got).toHaveLength(1000);
    expect(got[999].args[1].toString()).toBe('d999');
  });

  it('keeps a partial packet pending', () => {
    const d = new PacketDecoder();
    expect(d.push(all.subarray(0, 20))).toEqual([]);
    expect(d.pending).toBe(20);
  });
});

describe('errors', () => {
  it('accepts a packet of exactly the maximum size and refuses one byte more', () => {
    expect(decodeAll(response(PacketType.ECHO_RES, Buffer.alloc(64)), 'RES', 64)).toHaveLength(1);
    const e = thrown(() => decodeAll(response(PacketType.ECHO_RES, Buffer.alloc(65)), 'RES', 64));
    expect(e.code).toBe('TOO_LARGE');
  });

  it('refuses a too-large size from the header alone', () => {
    const head = response(PacketType.WORK_COMPLETE, 'h', '').subarray(0, HEADER_SIZE);
    head.writeUInt32BE(0xffffffff, 8);
    expect(thrown(() => decodeAll(Buffer.from(head))).code).toBe('TOO_LARGE');
  });

  it('refuses bad magic, including a request where a response was expected', () => {
    expect(thrown(() => decodeAll(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).code).toBe('BAD_MAGIC');
    expect(thrown(() => decodeAll(request(PacketType.NOOP))).code).toBe('BAD_MAGIC');
  });

  it.each([0, 5, 43, 0xffffffff])('refuses packet type %i', (type) => {
    const b = response(PacketType.NOOP);
    b.writeUInt32BE(type, 4);
    expect(thrown(() => decodeAll(b)).code).toBe('BAD_TYPE');
  });

  it('stays failed after an error', () => {
    const d = new PacketDecoder();
    const first = thrown(() => d.push(Buffer.from('garbage-garbage')));
    expect(thrown(() => d.push(response(PacketType.NOOP)))).toBe(first);
  });
});

describe('properties', () => {
  const typeArb = fc.constantFrom(...TYPES);
  const packetArb = typeArb.chain((type) => {
    const n = ARG_COUNT[type];
    const plain = fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a.filter((b) => b !== 0)));
    const last = fc
      .uint8Array({ maxLength: 40 })
      .map((a) => Buffer.from(a))
      .filter((b) => type !== PacketType.WORK_FAIL || b.at(-1) !== 0);
    const args =
      n === 0
        ? fc.constant([] as Buffer[])
        : fc.tuple(fc.array(plain, { minLength: n - 1, maxLength: n - 1 }), last).map(([a, l]) => [...a, l]);
    return args.map((a) => ({ magic: 'RES' as const, type, args: a }));
  });

  /** Cuts a buffer at the given (sorted, clamped) offsets. */
  function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let prev = 0;
    for (const c of [...at, bytes.length]) {
      out.push(bytes.subarray(prev, c));
      prev = c;
    }
    return out;
  }

  it('encode -> decode round-trips any packets in any chunking', () => {
    fc.assert(
      fc.property(fc.array(packetArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (pkts, cuts) => {
        const bytes = Buffer.concat(pkts.map((p) => encodePacket(p.magic, p.type, p.args)));
        const d = new PacketDecoder();
        const got = chunk(bytes, cuts).flatMap((c) => d.push(c));
        expect(got).toEqual(pkts);
        expect(d.pending).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('any bytes in any chunking decode or throw ProtocolError, nothing else', () => {
    // Valid packets with random bytes overwritten reach the type and size checks, not just the magic.
    const noisy = fc
      .tuple(
        fc.array(packetArb, { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      )
      .map(([pkts, flips]) => {
        const b = Buffer.concat(pkts.map((p) => encodePacket(p.magic, p.type, p.args)));
        for (const [at, v] of flips) if (b.length) b[at % b.length] = v;
        return b;
      });
    const input = fc.oneof(
      noisy,
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    );
    fc.assert(
      fc.property(input, fc.array(fc.nat(), { maxLength: 10 }), fc.integer({ min: 0, max: 64 }), (bytes, cuts, max) => {
        const d = new PacketDecoder({ maxPacketSize: max });
        try {
          for (const c of chunk(bytes, cuts)) d.push(c);
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
          expect(['BAD_MAGIC', 'BAD_TYPE', 'TOO_LARGE']).toContain(e.code);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
