import type { OutboxRow, OutboxSender } from './sender.ts';

/** The outbox as the inbox sees it: the senders of every channel behind one door. */
export interface OutboxRouter {
  /** Look for due rows now. */
  kick(): void;
  /** The claim to write a reply to `jid` with so it is sent at once (null: write it pending). */
  claimFor(jid: string): string | null;
  /** Sends rows written with a claim from claimFor(); resolves with how many were sent. */
  deliver(rows: OutboxRow[]): Promise<number>;
  /** Resolves once the replies delivered so far to `jid` have been through the channel. */
  deliveredTo(jid: string): Promise<void>;
}

export function routeOutbox(senders: OutboxSender[]): OutboxRouter {
  return {
    kick: () => senders.forEach((s) => s.kick()),
    claimFor(jid) {
      for (const s of senders) {
        const claim = s.claimFor(jid);
        if (claim) return claim;
      }
      return null;
    },
    async deliver(rows) {
      // Each sender takes only the rows claimed in its name.
      const sent = await Promise.all(senders.map((s) => s.sendClaimed(rows)));
      return sent.reduce((a, b) => a + b, 0);
    },
    async deliveredTo(jid) {
      await Promise.all(senders.map((s) => s.deliveredTo(jid)));
    },
  };
}
