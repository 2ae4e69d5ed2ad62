// Per-sender flood limit: a customer pasting hundreds of messages gets one calm answer per
// window; the rest are stored but not processed, and the service stays up.

export type FloodVerdict =
  /** Under the limit: process normally. */
  | 'ok'
  /** Just went over the limit: send the calm message once. */
  | 'notify'
  /** Over the limit and already told: store only. */
  | 'drop';

export interface FloodGate {
  check(sender: string, at: Date): FloodVerdict;
  /** Senders currently tracked (for tests and metrics). */
  size(): number;
}

/**
 * Sliding window of `windowMs` per sender: more than `max` messages inside it is a flood.
 * Memory stays bounded: timestamps older than the window are dropped, idle senders forgotten.
 */
export function createFloodGate(opts: { max: number; windowMs?: number; maxSenders?: number }): FloodGate {
  const windowMs = opts.windowMs ?? 60_000;
  const max = Math.max(1, opts.max);
  const maxSenders = opts.maxSenders ?? 50_000;
  const seen = new Map<string, { times: number[]; notifiedAt: number | null }>();

  function prune(now: number) {
    for (const [k, v] of seen) {
      if (!v.times.length || now - v.times[v.times.length - 1] > windowMs) seen.delete(k);
    }
  }

  return {
    check(sender, at) {
      const now = at.getTime();
      let entry = seen.get(sender);
      if (!entry) {
        if (seen.size >= maxSenders) prune(now);
        entry = { times: [], notifiedAt: null };
        seen.set(sender, entry);
      }
      const from = now - windowMs;
      let drop = 0;
      while (drop < entry.times.length && entry.times[drop] <= from) drop++;
      if (drop) entry.times.splice(0, drop);
      // Keep at most max+1 stamps: enough to know we are over the limit.
      entry.times.push(now);
      if (entry.times.length > max + 1) entry.times.splice(0, entry.times.length - (max + 1));
      if (entry.times.length <= max) {
        if (entry.notifiedAt !== null && now - entry.notifiedAt > windowMs) entry.notifiedAt = null;
        return 'ok';
      }
      if (entry.notifiedAt === null || now - entry.notifiedAt > windowMs) {
        entry.notifiedAt = now;
        return 'notify';
      }
      return 'drop';
    },
    size: () => seen.size,
  };
}
