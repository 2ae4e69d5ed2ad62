import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { MemoryChannel } from '../../channel/memory/memoryChannel.ts';
import { simulatorJid } from '../../channel/simulator.ts';
import type { OutboxSender } from '../../outbox/sender.ts';
import type { Clock } from '../../shared/clock.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { parseBody } from '../validate.ts';

const body = z.object({
  phone: z.string().min(1, 'telefon gerekli'),
  text: z.string().max(65_536, 'mesaj en fazla 64 KB olabilir'),
  name: z.string().max(200).optional(),
});

/**
 * POST /api/simulator/messages runs the full inbound pipeline (store, dedupe, identify,
 * understand, answer, outbox) through the memory channel and returns what was sent back.
 */
export function simulatorRoutes(deps: { channel: MemoryChannel; sender: OutboxSender; clock: Clock }): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/simulator/messages', async (req, reply) => {
      const input = parseBody(body, req.body);
      const phone = normalizePhone(input.phone);
      if (!phone) return reply.code(400).send({ error: 'bad_request', message: `geçersiz telefon numarası: ${input.phone}` });
      const jid = simulatorJid(phone);
      const before = deps.channel.sentTo(jid).length;
      await deps.channel.inject({
        id: `SIM${randomBytes(8).toString('hex').toUpperCase()}`,
        remoteJid: jid,
        senderPhone: phone,
        senderLid: null,
        pushName: input.name ?? null,
        fromMe: false,
        kind: 'text',
        text: input.text,
        timestamp: deps.clock.now(),
        isHistory: false,
      });
      // Replies written claimed go straight to the channel; any written pending wait for a round.
      await deps.sender.deliveredTo(jid);
      await deps.sender.settled();
      const replies = deps.channel.sentTo(jid).slice(before).map((m) => m.text);
      return { replies };
    });
  };
}
