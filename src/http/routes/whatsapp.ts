import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { ChannelPort } from '../../channel/port.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { parseBody } from '../validate.ts';

/** The linked number: state, QR to scan, pairing code, logout. */
export function whatsappRoutes(deps: { channel: () => ChannelPort | undefined }): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/whatsapp', async () => {
      const ch = deps.channel();
      if (!ch) return { status: 'disabled' };
      const { qr, ...state } = ch.linkState();
      return { ...state, hasQr: !!qr };
    });

    app.get('/api/whatsapp/qr.png', async (_req, reply) => {
      const qr = deps.channel()?.linkState().qr;
      if (!qr) return reply.code(404).send({ error: 'no_qr', message: 'Şu an taranacak bir QR yok (bağlı ya da bağlanıyor).' });
      const png = await QRCode.toBuffer(qr, { type: 'png', margin: 2, width: 360 });
      return reply.header('cache-control', 'no-store').type('image/png').send(png);
    });

    app.post('/api/whatsapp/pairing-code', async (req, reply) => {
      const { phone } = parseBody(z.object({ phone: z.string() }), req.body);
      const e164 = normalizePhone(phone);
      if (!e164) return reply.code(400).send({ error: 'bad_request', message: `geçersiz telefon numarası: ${phone}` });
      const ch = deps.channel();
      if (!ch?.requestPairingCode) return reply.code(409).send({ error: 'unavailable', message: 'WhatsApp kanalı kapalı.' });
      return { code: await ch.requestPairingCode(e164) };
    });

    app.post('/api/whatsapp/logout', async (_req, reply) => {
      const ch = deps.channel();
      if (!ch?.logout) return reply.code(409).send({ error: 'unavailable', message: 'WhatsApp kanalı kapalı.' });
      await ch.logout();
      return { ok: true, status: ch.linkState().status };
    });
  };
}
