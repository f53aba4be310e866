import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../../server/src/gearman/backoff';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap when there is no jitter', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, o))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads the delay between (1 - jitter) and 1 times the step', () => {
    const o = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.5 };
    expect(backoffDelay(0, o, () => 0)).toBe(500);
    expect(backoffDelay(0, o, () => 1)).toBe(1000);
    expect(backoffDelay(1, o, () => 0.5)).toBe(1500);
  });

  it('stays within [0, maxMs] for any attempt, options and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 10_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: -1, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, initialMs, maxMs, factor, jitter, r) => {
          const d = backoffDelay(attempt, { initialMs, maxMs, factor, jitter }, () => r);
          expect(Number.isFinite(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.max(maxMs, 0) + 1);
        },
      ),
    );
  });

  it('never shrinks as attempts grow (for a fixed random value)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (a, r) => {
        expect(backoffDelay(a + 1, {}, () => r)).toBeGreaterThanOrEqual(backoffDelay(a, {}, () => r));
      }),
    );
  });

  it('uses the documented defaults', () => {
    expect(backoffDelay(0, {}, () => 1)).toBe(DEFAULT_BACKOFF.initialMs);
    expect(backoffDelay(1000, {}, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});
