// What to do when the WhatsApp socket closes, by disconnect reason (pure).
import type { LinkStatus } from '../port.ts';

export type DisconnectAction =
  /** 515 restartRequired (after pairing, or the server asks): a new socket at once. */
  | { kind: 'restart' }
  /** 401 loggedOut: the phone removed us; forget the session, show a new QR, tell the owner. */
  | { kind: 'logged_out'; status: LinkStatus; alert: string }
  /** 440 replaced, 403 banned, 402/405: do not fight it; stop and tell the owner. */
  | { kind: 'stop'; status: LinkStatus; alert: string }
  /** Anything else (network, timeouts, 428, 408, 500, 503…): try again after a growing pause. */
  | { kind: 'reconnect'; delayMs: number };

export interface ReconnectPolicy {
  baseMs: number;
  maxMs: number;
  jitter: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 2_000, maxMs: 5 * 60_000, jitter: 0.3 };

export function disconnectAction(
  statusCode: number | undefined,
  attempt: number,
  policy: ReconnectPolicy = DEFAULT_RECONNECT,
  random: () => number = Math.random,
): DisconnectAction {
  switch (statusCode) {
    case 515:
      return { kind: 'restart' };
    case 401:
      return {
        kind: 'logged_out',
        status: 'logged_out',
        alert: 'WhatsApp bağlantısı telefondan kaldırıldı. Yeniden bağlamak için yönetim sayfasındaki QR kodunu okutun.',
      };
    case 440:
      return {
        kind: 'stop',
        status: 'replaced',
        alert: 'WhatsApp oturumu başka bir yerde açıldı; Kolibot bağlantıyı bıraktı. Tek bir Kolibot kopyasının bağlı olduğundan emin olun.',
      };
    case 403:
      return { kind: 'stop', status: 'banned', alert: 'WhatsApp bu numaranın erişimini engelledi (403). Mesaj gönderimi durdu.' };
    case 402:
    case 405:
      return { kind: 'stop', status: 'closed', alert: `WhatsApp bağlantıyı reddetti (${statusCode}). Mesaj gönderimi durdu.` };
    default:
      return { kind: 'reconnect', delayMs: reconnectDelayMs(attempt, policy, random) };
  }
}

/** Exponential backoff with jitter; `attempt` counts failures since the last good connection (1, 2, …). */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT, random: () => number = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(raw * (1 + policy.jitter * (random() * 2 - 1))));
}
