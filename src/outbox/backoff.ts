// How long the outbox waits before trying a failed send again.

export interface BackoffPolicy {
  /** First retry delay (ms); doubles each attempt. */
  baseMs: number;
  maxMs: number;
  /** After WhatsApp's rate limit (429 / rate-overlimit): a longer wait, and the whole sender pauses. */
  rateLimitBaseMs: number;
  rateLimitMaxMs: number;
  /** ±fraction of random spread, so instances and numbers do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  maxMs: 10 * 60_000,
  rateLimitBaseMs: 60_000,
  rateLimitMaxMs: 60 * 60_000,
  jitter: 0.2,
};

/** Delay before attempt `attempts + 1`, given `attempts` already made (≥ 1). */
export function retryDelayMs(attempts: number, rateLimited: boolean, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = rateLimited ? policy.rateLimitBaseMs : policy.baseMs;
  const max = rateLimited ? policy.rateLimitMaxMs : policy.maxMs;
  const raw = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  const spread = raw * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(raw + spread));
}
