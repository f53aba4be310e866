import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blockErrors,
  blockToSubmitRequest,
  PayloadRefusal,
  parseJobFile,
  serializeBlock,
  type SubmitRequest,
} from '../../../../server/src/jobfile/features';
import type { JobOptions } from '../../../../server/src/jobfile/types';

const dir = mkdtempSync(path.join(tmpdir(), 'gearman-jobfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const firstBlock = (text: string) => {
  const parsed = parseJobFile(text);
  expect(parsed.blocks).toHaveLength(1);
  return parsed.blocks[0];
};

describe('blockToSubmitRequest', () => {
  it('reads @file bytes relative to the document folder', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    writeFileSync(path.join(dir, 'in.bin'), bytes);
    const req = await blockToSubmitRequest(firstBlock('SUBMIT f\nbackground: true\n\n@in.bin\n'), dir, (p) =>
      readFile(p),
    );
    expect(req).toEqual({
      functionName: 'f',
      payload: bytes,
      options: { priority: 'normal', background: true, repeat: 1 },
    });
  });

  it('rejects with the resolved path when the file cannot be read', async () => {
    const block = firstBlock('SUBMIT f\n\n@missing.txt\n');
    await expect(blockToSubmitRequest(block, dir, (p) => readFile(p))).rejects.toThrow(
      `cannot read the payload file missing.txt (resolved to ${path.join(dir, 'missing.txt')}): ENOENT`,
    );
  });

  it("passes the reader's own refusal on unchanged, since it already names the file and what to do", async () => {
    const block = firstBlock('SUBMIT f\n\n@fifo\n');
    const said = 'the payload file fifo is a FIFO; only regular files are read';
    await expect(
      blockToSubmitRequest(block, dir, () => {
        throw new PayloadRefusal(said);
      }),
    ).rejects.toThrow(new RegExp(`^${said}$`));
  });

  it('sends text and JSON as UTF-8 and decodes base64', async () => {
    const read = () => Buffer.alloc(0);
    expect((await blockToSubmitRequest(firstBlock('SUBMIT f\n\nhé\nllo\n'), dir, read)).payload).toEqual(
      Buffer.from('hé\nllo'),
    );
    expect((await blockToSubmitRequest(firstBlock('SUBMIT f\n\n{"a": 1}'), dir, read)).payload).toEqual(
      Buffer.from('{"a": 1}'),
    );
    expect(
      (await blockToSubmitRequest(firstBlock('SUBMIT f\ncontent-type: base64\n\nAP8K\n'), dir, read)).payload,
    ).toEqual(Buffer.from([0, 255, 10]));
  });

  it('lists the errors inside a block', () => {
    const parsed = parseJobFile('SUBMIT a\npriority: urgent\nfoo: 1\n###\nSUBMIT b\n');
    expect(blockErrors(parsed, parsed.blocks[0]).map((p) => p.code)).toEqual(['bad-priority']);
    expect(blockErrors(parsed, parsed.blocks[1])).toEqual([]);
  });
});

describe('serializeBlock', () => {
  it('writes a readable block', () => {
    const req: SubmitRequest = {
      functionName: 'resize image',
      payload: Buffer.from('{"w": 1}'),
      options: { server: 'prod', priority: 'high', background: true, unique: 'u-1', repeat: 2, timeoutSec: 5 },
    };
    expect(serializeBlock(req, 'from history')).toBe(
      '### from history\nSUBMIT "resize image"\nserver: prod\npriority: high\nbackground: true\nunique: u-1\nrepeat: 2\ntimeout: 5\n\n{"w": 1}\n',
    );
  });

  it('uses base64 for bytes a text body cannot hold, and content-type text for @ or broken JSON', () => {
    const opts: JobOptions = { priority: 'normal', background: false, repeat: 1 };
    expect(serializeBlock({ functionName: 'f', payload: Buffer.from('line\n'), options: opts })).toBe(
      '###\nSUBMIT f\ncontent-type: base64\n\nbGluZQo=\n',
    );
    expect(serializeBlock({ functionName: 'f', payload: Buffer.from('@me hi'), options: opts })).toBe(
      '###\nSUBMIT f\ncontent-type: text\n\n@me hi\n',
    );
    expect(serializeBlock({ functionName: 'f', payload: Buffer.alloc(0), options: opts })).toBe('###\nSUBMIT f\n');
  });

  const name = fc
    .oneof(fc.stringMatching(/^[a-z_][a-z0-9_.:-]{0,20}$/), fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }))
    .filter((s) => s.length > 0);
  const token = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,30}$/);
  const options: fc.Arbitrary<JobOptions> = fc
    .record(
      {
        server: fc.option(fc.oneof(token, fc.constant('all')), { nil: undefined }),
        priority: fc.constantFrom('high', 'normal', 'low'),
        background: fc.boolean(),
        unique: fc.option(fc.oneof(token, fc.constant('-')), { nil: undefined }),
        epoch: fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined }),
        repeat: fc.integer({ min: 1, max: 10_000 }),
        timeoutSec: fc.option(fc.oneof(fc.integer({ min: 1, max: 86_400 }), fc.constant(0.5)), { nil: undefined }),
      },
      { requiredKeys: ['priority', 'background', 'repeat'] },
    )
    .map((o) => {
      const clean = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as JobOptions;
      return clean.epoch !== undefined ? { ...clean, background: true } : clean;
    });
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(s)),
    fc.json().map((s) => Buffer.from(s)),
    fc
      .constantFrom('@x', '{"a":', '### no', 'a\n###b', ' lead', 'trail \n', '\r\n', '#comment', 'a\n\nb')
      .map((s) => Buffer.from(s)),
  );

  it('round-trips through parseJobFile and blockToSubmitRequest', async () => {
    await fc.assert(
      fc.asyncProperty(
        name,
        options,
        payload,
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        async (functionName, opts, bytes, title) => {
          const text = serializeBlock({ functionName, payload: bytes, options: opts }, title);
          const parsed = parseJobFile(text);
          expect(parsed.problems.filter((p) => !p.code.startsWith('epoch-'))).toEqual([]);
          expect(parsed.blocks).toHaveLength(1);
          const back = await blockToSubmitRequest(parsed.blocks[0], dir, () => Buffer.alloc(0));
          expect(back).toEqual({ functionName, payload: bytes, options: opts });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
