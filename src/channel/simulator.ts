// Simulator chats live on their own JID server, so their replies go through the memory channel
// and never to the customer's real WhatsApp, and their conversation state stays apart.
export const SIMULATOR_JID_SUFFIX = '@sim.kolibot';

export function simulatorJid(e164: string): string {
  return `${e164.replace(/^\+/, '')}${SIMULATOR_JID_SUFFIX}`;
}

export function isSimulatorJid(jid: string): boolean {
  return jid.endsWith(SIMULATOR_JID_SUFFIX);
}
