import { describe, expect, it } from 'vitest';
import { toInboundMessage, type ConvertContext } from '../../src/channel/baileys/convert.ts';
import { CUSTOMER_LID, CUSTOMER_PN, decode, stanzas } from '../support/baileysFixtures.ts';

const live: ConvertContext = { upsertType: 'notify', historyBefore: new Date('2026-01-01T00:00:00Z') };

describe('WhatsApp message → InboundMessage (real Baileys-decoded stanzas)', () => {
  it('a LID-addressed chat: reply to the LID, phone taken from remoteJidAlt', async () => {
    const m = toInboundMessage(await decode(stanzas.textFromLid('2 koli ayçiçek yağı', { id: 'A1', pushName: 'Ahmet', t: 1_790_000_000 })), live)!;
    expect(m).toMatchObject({
      id: 'A1',
      remoteJid: CUSTOMER_LID,
      senderPhone: '+905321110001',
      senderLid: CUSTOMER_LID,
      pushName: 'Ahmet',
      fromMe: false,
      kind: 'text',
      text: '2 koli ayçiçek yağı',
      isHistory: false,
    });
    expect(m.timestamp).toEqual(new Date(1_790_000_000 * 1000));
  });

  it('a phone-addressed chat: phone from the JID, LID from remoteJidAlt', async () => {
    const m = toInboundMessage(await decode(stanzas.textFromPhone('fiyat ne')), live)!;
    expect(m).toMatchObject({ remoteJid: CUSTOMER_PN, senderPhone: '+905321110001', senderLid: CUSTOMER_LID, text: 'fiyat ne' });
  });

  it('groups, status updates and protocol notices are not for the bot', async () => {
    expect(toInboundMessage(await decode(stanzas.group('grup mesajı')), live)).toBeNull();
    expect(toInboundMessage(await decode(stanzas.status('durum')), live)).toBeNull();
    expect(toInboundMessage(await decode(stanzas.revoke()), live)).toBeNull();
  });

  it('reactions, stickers, voice notes, images, locations get their kind', async () => {
    const reaction = toInboundMessage(await decode(stanzas.reaction('👍', 'BOT1')), live)!;
    expect(reaction).toMatchObject({ kind: 'reaction', text: '👍', reactionTo: 'BOT1' });
    expect(toInboundMessage(await decode(stanzas.sticker()), live)).toMatchObject({ kind: 'sticker', text: null });
    expect(toInboundMessage(await decode(stanzas.voiceNote()), live)).toMatchObject({ kind: 'audio', text: null });
    expect(toInboundMessage(await decode(stanzas.imageWithCaption('bundan 3 koli')), live)).toMatchObject({ kind: 'image', text: 'bundan 3 koli' });
    expect(toInboundMessage(await decode(stanzas.location()), live)).toMatchObject({ kind: 'location', text: 'Dükkan, Kadıköy' });
    expect(toInboundMessage(await decode(stanzas.extendedText('evet onaylıyorum')), live)).toMatchObject({ kind: 'text', text: 'evet onaylıyorum' });
  });

  it('unwraps disappearing and view-once messages', async () => {
    expect(toInboundMessage(await decode(stanzas.ephemeral('kaybolan mesaj')), live)).toMatchObject({ kind: 'text', text: 'kaybolan mesaj' });
    expect(toInboundMessage(await decode(stanzas.viewOnceImage('tek bakış')), live)).toMatchObject({ kind: 'image', text: 'tek bakış' });
  });

  it('a message typed on the linked phone is fromMe; the chat is the customer, not us', async () => {
    const m = toInboundMessage(await decode(stanzas.fromMe('Ahmet Bey siparişiniz yolda')), live)!;
    expect(m).toMatchObject({ fromMe: true, remoteJid: CUSTOMER_PN, senderPhone: '+905321110001', senderLid: null });
  });

  it('an append older than the last time online is history; a newer one and any notify are not', async () => {
    const lastOnline = new Date('2026-11-20T10:00:00Z');
    const before = Math.floor(lastOnline.getTime() / 1000) - 60;
    const after = Math.floor(lastOnline.getTime() / 1000) + 60;
    const old = await decode(stanzas.textFromPhone('eski', { t: before, offline: true }));
    const fresh = await decode(stanzas.textFromPhone('yeni', { t: after, offline: true }));
    expect(toInboundMessage(old, { upsertType: 'append', historyBefore: lastOnline })!.isHistory).toBe(true);
    expect(toInboundMessage(fresh, { upsertType: 'append', historyBefore: lastOnline })!.isHistory).toBe(false);
    expect(toInboundMessage(old, { upsertType: 'notify', historyBefore: lastOnline })!.isHistory).toBe(false);
  });
});
