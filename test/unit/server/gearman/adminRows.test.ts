// The row cap of list replies: which rows are kept, how many are counted, and that streaming the
// reply in any split gives the same answer as reading it whole.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RowKeeper } from '../../../../server/src/gearman/adminKeep';
import { ListStream } from '../../../../server/src/gearman/adminStream';
import { NAMES_PER_WORKER, statusSink, workersSink } from '../../../../server/src/gearman/adminRows';
import { parsePriorityStatus, parseStatus, parseWorkers } from '../../../../server/src/gearman/adminParse';
import { ProtocolError } from '../../../../server/src/gearman/errors';

const statusLine = (name: string, total = 0, running = 0, workers = 0) => `${name}\t${total}\t${running}\t${workers}\n`;
const idle = (n: number, prefix = 'fn_') =>
  Array.from({ length: n }, (_, i) => statusLine(`${prefix}${String(i).padStart(6, '0')}`)).join('');

describe('RowKeeper', () => {
  it('keeps the best max rows in arrival order, counts the rest, and gives ties to the earlier row', () => {
    const dropped: number[] = [];
    const k = new RowKeeper<number>(
      3,
      (a, b) => a - b,
      (r) => dropped.push(r),
    );
    for (const n of [5, 1, 9, 1, 3, 7, 0]) k.add(n);
    const rows = k.rows();
    expect([...rows]).toEqual([1, 1, 0]);
    expect(rows.omitted).toBe(4);
    expect(dropped.sort()).toEqual([3, 5, 7, 9]);
    expect(JSON.stringify(rows)).toBe('[1,1,0]'); // the count is not part of the array's JSON
  });

  it('matches sorting everything and taking the first max, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (xs, max) => {
          const k = new RowKeeper<{ v: number; i: number }>(max, (a, b) => a.v - b.v);
          xs.forEach((v, i) => k.add({ v, i }));
          const expected = xs
            .map((v, i) => ({ v, i }))
            .sort((a, b) => a.v - b.v || a.i - b.i)
            .slice(0, max)
            .sort((a, b) => a.i - b.i);
          expect([...k.rows()]).toEqual(expected);
          expect(k.rows().omitted).toBe(Math.max(0, xs.length - max));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('status with maxRows', () => {
  it('keeps functions with jobs or workers first, then by name, and counts the rest', () => {
    const reply =
      idle(5000) + statusLine('zz_busy', 3) + statusLine('zz_worker', 0, 0, 1) + statusLine('zz_running', 0, 2) + '.\n';
    const rows = parseStatus(reply, 10);
    expect(rows.map((r) => r.name)).toEqual([
      ...Array.from({ length: 7 }, (_, i) => `fn_00000${i}`),
      'zz_busy',
      'zz_worker',
      'zz_running',
    ]);
    expect(rows.omitted).toBe(5003 - 10);
  });

  it('keeps idle functions the caller prefers before other idle ones', () => {
    const reply = idle(100) + statusLine('billing_refund') + statusLine('billing_charge') + '.\n';
    const rows = parseStatus(reply, 3, { prefer: (n) => n.startsWith('billing') });
    expect(rows.map((r) => r.name)).toEqual(['fn_000000', 'billing_refund', 'billing_charge']);
  });

  it('gives the same rows whole or streamed in any split', () => {
    const reply = Buffer.from(idle(300) + statusLine('busy', 1) + idle(300, 'b_') + '.\n');
    const whole = parseStatus(reply, 50);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: reply.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const stream = new ListStream('status', Infinity, statusSink(50));
        let end;
        let from = 0;
        for (const p of [...points, reply.length]) {
          end = stream.push(reply.subarray(from, p));
          from = p;
        }
        expect(end?.extra).toBe(0);
        expect(end?.value).toEqual(whole);
        expect(end?.value?.omitted).toBe(whole.omitted);
      }),
      { numRuns: 200 },
    );
  });

  it('reads rows with non-ASCII names through the exact parser when capped', () => {
    const reply = Buffer.concat([
      Buffer.from('caf'),
      Buffer.from([0xe9]),
      Buffer.from('\t1\t0\t0\n'),
      Buffer.from(idle(20) + '.\n'),
    ]);
    const rows = parseStatus(reply, 2);
    expect(rows[0].name).toBe('caf\udce9');
    expect(rows.omitted).toBe(19);
  });

  it('caps prioritystatus the same way', () => {
    const reply =
      Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}\t0\t0\t0\t0\n`).join('') +
      'zz\t0\t1\t0\t0\n.\n';
    const rows = parsePriorityStatus(reply, 2);
    expect(rows.map((r) => r.name)).toEqual(['p00', 'zz']);
    expect(rows.omitted).toBe(49);
  });
});

describe('workers with maxRows', () => {
  it('keeps connections that registered functions before clients, and counts the workers left out', () => {
    const clients = Array.from({ length: 10 }, (_, i) => `${i + 100} 127.0.0.1 - :\n`).join('');
    const workers = Array.from({ length: 5 }, (_, i) => `${i + 10} 127.0.0.1 w${i} : f${i}\n`).join('');
    const rows = parseWorkers(clients + workers + '.\n', 3);
    expect(rows.map((r) => r.fd)).toEqual(['10', '11', '12']);
    expect(rows.omitted).toBe(12);
    expect(rows.omittedWorkers).toBe(2);
    const few = parseWorkers(clients + workers + '.\n', 8);
    expect(few.filter((r) => r.functions.length).length).toBe(5);
    expect(few.omittedWorkers).toBe(0);
  });

  it('lists at most maxRows names per worker and NAMES_PER_WORKER x maxRows in all, counting the rest', () => {
    const many = Array.from({ length: 100 }, (_, i) => `n${i}`).join(' ');
    const rows = parseWorkers(`7 ::1 big : ${many}\n8 ::1 small : a b\n.\n`, 10);
    expect(rows[0].functions).toHaveLength(10);
    expect(rows[0].functionsOmitted).toBe(90);
    expect(rows[1]).toEqual({ fd: '8', address: '::1', clientId: 'small', functions: ['a', 'b'] });
    // 20 rows of 100 names with maxRows 20: 20 per row would be 400, the budget is 16 x 20.
    const lines = Array.from({ length: 20 }, (_, i) => `${i} ::1 - : ${many}\n`).join('');
    const all = parseWorkers(lines + '.\n', 20);
    expect(all).toHaveLength(20);
    expect(all.reduce((n, r) => n + r.functions.length, 0)).toBe(NAMES_PER_WORKER * 20);
    expect(all.reduce((n, r) => n + r.functions.length + (r.functionsOmitted ?? 0), 0)).toBe(2000);
  });

  it('keeps every row and every name without maxRows', () => {
    const many = Array.from({ length: 100 }, (_, i) => `n${i}`).join(' ');
    const rows = parseWorkers(`7 ::1 big : ${many}\n.\n`);
    expect(rows[0].functions).toHaveLength(100);
    expect(rows.omitted).toBe(0);
  });
});

describe('ListStream byte cap', () => {
  it('refuses a reply past maxBytes even though its rows are not kept', () => {
    const stream = new ListStream('status', 10_000, workersSink(1));
    const chunk = Buffer.from(Array.from({ length: 100 }, (_, i) => `${i} ::1 - : f\n`).join(''));
    expect(() => {
      for (let i = 0; i < 20; i++) stream.push(chunk);
    }).toThrow(ProtocolError);
  });

  it('refuses one endless line, and accepts a reply of exactly maxBytes', () => {
    const endless = new ListStream('status', 1000, statusSink(1));
    expect(() => {
      for (let i = 0; i < 20; i++) endless.push(Buffer.alloc(100, 0x41));
    }).toThrow(/exceeds 1000 bytes/);
    const exact = Buffer.from(statusLine('a') + '.\n');
    expect(new ListStream('status', exact.length, statusSink(1)).push(exact)?.value).toHaveLength(1);
    expect(() => new ListStream('status', exact.length - 1, statusSink(1)).push(exact)).toThrow(ProtocolError);
  });
});
