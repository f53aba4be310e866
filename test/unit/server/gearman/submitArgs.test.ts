import { describe, expect, it } from 'vitest';
import { asJson, asText, buildSubmit, MAX_UNIQUE_BYTES } from '../../../../server/src/gearman/submitArgs';
import { PacketType } from '../../../../server/src/gearman/packet';
import { GearmanError } from '../../../../server/src/gearman/errors';

describe('buildSubmit', () => {
  it('picks the packet type from priority and background', () => {
    const t = (priority: 'high' | 'normal' | 'low', background: boolean) =>
      buildSubmit('f', 'x', { priority, background }).type;
    expect(t('normal', false)).toBe(PacketType.SUBMIT_JOB);
    expect(t('normal', true)).toBe(PacketType.SUBMIT_JOB_BG);
    expect(t('high', false)).toBe(PacketType.SUBMIT_JOB_HIGH);
    expect(t('high', true)).toBe(PacketType.SUBMIT_JOB_HIGH_BG);
    expect(t('low', false)).toBe(PacketType.SUBMIT_JOB_LOW);
    expect(t('low', true)).toBe(PacketType.SUBMIT_JOB_LOW_BG);
  });

  it('encodes epoch jobs as SUBMIT_JOB_EPOCH with the time as third argument', () => {
    const s = buildSubmit('f', Buffer.from('p'), { epoch: 1700000000, unique: 'u' });
    expect(s.type).toBe(PacketType.SUBMIT_JOB_EPOCH);
    expect(s.leading.map(String)).toEqual(['f', 'u', '1700000000']);
    expect(s.payload.toString()).toBe('p');
  });

  it('accepts a unique id of exactly the limit and refuses one byte more, in bytes not characters', () => {
    expect(() => buildSubmit('f', '', { unique: 'u'.repeat(MAX_UNIQUE_BYTES) })).not.toThrow();
    expect(() => buildSubmit('f', '', { unique: 'u'.repeat(MAX_UNIQUE_BYTES + 1) })).toThrow(
      /65 bytes long; gearmand accepts at most 64/,
    );
    expect(() => buildSubmit('f', '', { unique: 'é'.repeat(33) })).toThrow(GearmanError);
  });

  it('refuses NUL bytes, empty names, unknown priorities and bad epochs with words', () => {
    expect(() => buildSubmit('a\0b', '')).toThrow(/NUL byte/);
    expect(() => buildSubmit('', '')).toThrow(/function name/);
    expect(() => buildSubmit('f', '', { unique: 'a\0' })).toThrow(/NUL byte/);
    expect(() => buildSubmit('f', '', { priority: 'urgent' as 'high' })).toThrow(/Unknown priority "urgent"/);
    expect(() => buildSubmit('f', '', { epoch: 1.5 })).toThrow(/whole number/);
    expect(() => buildSubmit('f', '', { epoch: 5, background: false })).toThrow(/background/);
    expect(() => buildSubmit('f', '', { epoch: 5, priority: 'high' })).toThrow(/normal priority/);
  });

  it('sends strings as UTF-8 and buffers as they are', () => {
    expect(buildSubmit('f', 'é').payload).toEqual(Buffer.from([0xc3, 0xa9]));
    const b = Buffer.from([0, 255, 0]);
    expect(buildSubmit('f', b).payload).toBe(b);
  });
});

describe('payload views', () => {
  it('reads text and JSON, and names a JSON problem', () => {
    expect(asText(Buffer.from('hé'))).toBe('hé');
    expect(asJson<{ a: number }>(Buffer.from('{"a":1}')).a).toBe(1);
    expect(() => asJson(Buffer.from('nope'))).toThrow(/not JSON/);
  });
});
