// libsignal (under Baileys) prints whole Signal sessions, private keys included, with console.info /
// console.warn ("Closing session: SessionEntry {…}"). Call once at start-up (main.ts) so key material
// never reaches the service's output; everything else passes through unchanged.
const NOISY = [/^Closing session/, /^Session already closed/, /^Closing open session/, /^Migrating session to/, /^Decrypted message with closed session/];

let installed = false;

export function quietLibsignalConsole(): void {
  if (installed) return;
  installed = true;
  for (const level of ['info', 'warn', 'log'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && NOISY.some((re) => re.test(args[0] as string))) return;
      original(...args);
    };
  }
}
