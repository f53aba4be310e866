// Reconnect delays: exponential growth with "full jitter" spread, so a restarted
// gearmand is not hit by every worker at the same instant.

/** How reconnect delays grow. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default 100. */
  initialMs?: number;
  /** Largest delay, in ms. Default 10000. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Share of the delay that is random, 0..1. Default 0.5 (delay is 50%..100% of the step). */
  jitter?: number;
}

/** The defaults used when a BackoffOptions field is not set. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 100, maxMs: 10_000, factor: 2, jitter: 0.5 };

/**
 * Delay before retry number `attempt` (0 = first retry). `random` returns 0..1 and is
 * a parameter so the function stays pure and testable.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const o = { ...DEFAULT_BACKOFF, ...opts };
  const jitter = Math.min(1, Math.max(0, o.jitter));
  const n = Math.max(0, Math.floor(attempt));
  // Cap the exponent so huge attempt counts do not overflow to Infinity * 0 = NaN.
  const step = Math.min(o.maxMs, o.initialMs * Math.pow(Math.max(1, o.factor), Math.min(n, 64)));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(step * (1 - jitter) + step * jitter * r);
}
