// A local fake WhatsApp server for end-to-end tests: @openclaw/crabline's Baileys-compatible
// WebSocket (`crabline --json serve whatsapp`), run as a child process on loopback. No network.
//
//   node node_modules/@openclaw/crabline/dist/src/bin/crabline.js --json serve whatsapp \
//        --ready-file F --recorder R [--self-jid J]
//
// F (JSON, deleted when the server stops) gives endpoints.baileysWebSocketUrl (Baileys'
// waWebSocketUrl / WHATSAPP_WS_URL, token in the query), endpoints.adminInboundUrl and adminToken
// (POST {chatJid, senderJid, text, messageId?, pushName?} with header X-Crabline-Admin-Token), and
// recorderPath (JSONL). Every stanza the client sends is recorded; a direct text the server could
// decrypt is recorded once per message id as {accepted:true, method:"WEBSOCKET", path:"/ws/chat",
// body:{key:{fromMe:true,id,remoteJid}, message:{conversation:text}}}.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CRABLINE_BIN = fileURLToPath(new URL('../../node_modules/@openclaw/crabline/dist/src/bin/crabline.js', import.meta.url));

export interface CrablineManifest {
  adminToken: string;
  accessToken: string;
  baseUrl: string;
  selfJid: string;
  recorderPath: string;
  endpoints: { adminInboundUrl: string; baileysWebSocketUrl: string; apiRoot: string; messagesUrl: string };
}

export interface SentText {
  id: string;
  to: string;
  text: string;
  at: string;
}

export interface FakeWhatsApp {
  manifest: CrablineManifest;
  /** For makeWASocket's waWebSocketUrl / WHATSAPP_WS_URL. */
  wsUrl: string;
  /** Our own number as the server sees it ("15550000000@s.whatsapp.net" unless chosen). */
  selfJid: string;
  /** A customer writes to us. Resolves with the message id and whether it reached a socket now ('delivered') or waits for one ('queued'). */
  inject(msg: { from: string; text: string; id?: string; pushName?: string }): Promise<{ id: string; delivery: 'delivered' | 'queued' }>;
  /** Every recorder event so far. */
  recorded(): Promise<Record<string, unknown>[]>;
  /** Text messages the client sent that the server accepted (one per WhatsApp message id). */
  sentTexts(): Promise<SentText[]>;
  waitForSent(check: (sent: SentText[]) => boolean, ms?: number): Promise<SentText[]>;
  stop(): Promise<void>;
}

export async function startFakeWhatsApp(opts: { selfJid?: string; readyTimeoutMs?: number } = {}): Promise<FakeWhatsApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-crabline-'));
  const readyFile = path.join(dir, 'ready.json');
  const recorder = path.join(dir, 'whatsapp.jsonl');
  const args = [CRABLINE_BIN, '--json', 'serve', 'whatsapp', '--host', '127.0.0.1', '--ready-file', readyFile, '--recorder', recorder];
  if (opts.selfJid) args.push('--self-jid', opts.selfJid);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.resume();
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code ?? -1), resolve())));

  let manifest: CrablineManifest | undefined;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  while (!manifest) {
    if (exited !== null) throw new Error(`crabline exited (${exited}) before it was ready: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`crabline was not ready after ${opts.readyTimeoutMs ?? 20_000} ms: ${stderr.trim()}`);
    }
    try {
      manifest = JSON.parse(await readFile(readyFile, 'utf8')) as CrablineManifest;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const m = manifest;

  async function recorded(): Promise<Record<string, unknown>[]> {
    const text = await readFile(m.recorderPath, 'utf8').catch(() => '');
    const events: Record<string, unknown>[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      if (Array.isArray(e.events)) events.push(...(e.events as Record<string, unknown>[])); // a committed batch
      else events.push(e);
    }
    return events;
  }

  async function sentTexts(): Promise<SentText[]> {
    return (await recorded())
      .filter((e) => e.accepted === true && e.method === 'WEBSOCKET')
      .map((e) => e as { at: string; body: { key?: { id?: string; remoteJid?: string }; message?: { conversation?: string } } })
      .filter((e) => e.body?.key?.id && typeof e.body.message?.conversation === 'string')
      .map((e) => ({ id: e.body.key!.id!, to: e.body.key!.remoteJid!, text: e.body.message!.conversation!, at: e.at }));
  }

  return {
    manifest: m,
    wsUrl: m.endpoints.baileysWebSocketUrl,
    selfJid: m.selfJid,
    async inject(msg) {
      const res = await fetch(m.endpoints.adminInboundUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-crabline-admin-token': m.adminToken },
        body: JSON.stringify({ chatJid: msg.from, senderJid: msg.from, text: msg.text, messageId: msg.id, pushName: msg.pushName }),
      });
      const body = (await res.json()) as { ok?: boolean; delivery?: 'delivered' | 'queued'; message?: { key: { id: string } } };
      if (!res.ok || !body.ok) throw new Error(`crabline refused the inbound message (${res.status}): ${JSON.stringify(body)}`);
      return { id: body.message!.key.id, delivery: body.delivery! };
    },
    recorded,
    sentTexts,
    async waitForSent(check, ms = 20_000) {
      const end = Date.now() + ms;
      for (;;) {
        const sent = await sentTexts();
        if (check(sent)) return sent;
        if (Date.now() > end) throw new Error(`timed out waiting for sent messages; have ${JSON.stringify(sent)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes the session folder another Baileys tool would leave behind (Baileys' own
 * useMultiFileAuthState), already linked as `meJid` — feed it to `kolibot whatsapp import-session`.
 * The fake server logs in any socket whose creds.me is set.
 */
export async function writeLinkedSessionFolder(dir: string, meJid = '15550000000:1@s.whatsapp.net'): Promise<void> {
  const { useMultiFileAuthState, initAuthCreds, Curve } = await import('@whiskeysockets/baileys');
  const { state, saveCreds } = await useMultiFileAuthState(dir);
  const user = meJid.split('@')[0].split(':')[0];
  Object.assign(state.creds, initAuthCreds(), { me: { id: meJid, lid: `${user}:1@lid`, name: 'Kolibot Toptan' }, registered: true });
  await saveCreds();
  await state.keys.set({
    'pre-key': { '1': Curve.generateKeyPair(), '2': Curve.generateKeyPair() },
    'device-list': { [user]: ['0', '1'] },
  });
}
