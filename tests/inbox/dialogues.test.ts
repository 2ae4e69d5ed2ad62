import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { phoneToJid } from '../../src/shared/phone.ts';
import { recordInbound } from '../../src/channel/dedupe.ts';
import { AHMET, AYSE, FATMA, harness, MEHMET, OWNER, reset, seed } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('inbox dialogues', (db) => {
  beforeAll(async () => {
    await seed(db());
  });
  beforeEach(async () => {
    await reset(db());
  });

  it('takes an order: priced summary on the L1 list, an edit in words, EVET confirms with the order number', async () => {
    const h = await harness(db());
    const [summary] = await h.say(AHMET, 'Merhaba, 3 koli Yudum 5 lt, 2 paket Çaykur tiryaki, 1 koli fairy');
    expect(summary).toContain('Merhaba Ahmet Bey, siparişiniz:');
    expect(summary).toContain('1) Yudum Ayçiçek Yağı 5 L — 3 koli × 1.260,00 = 3.780,00 TL');
    expect(summary).toContain('2) Çaykur Tiryaki Çay 1 kg — 2 paket × 255,00 = 510,00 TL');
    expect(summary).toContain('3) Fairy Bulaşık Deterjanı 650 ml — 1 koli × 240,00 = 240,00 TL');
    expect(summary).toContain('*Toplam: 4.530,00 TL* (Fiyat Listesi 1)');
    expect(summary).toContain('Teslimat: en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba.');
    expect(summary).toContain('Açık hesabınız onaydan sonra 4.530,00 TL olur (limit 150.000,00 TL).');
    expect(summary).toMatch(/\*Onaylıyor musunuz\? EVET \/ HAYIR\*$/);

    const [updated] = await h.say(AHMET, 'çayı 4 yap');
    expect(updated).toBe('Güncelledim: Çaykur Tiryaki Çay 1 kg — 4 paket. *Toplam: 5.040,00 TL.* Onaylıyor musunuz? EVET / HAYIR');

    const [done] = await h.say(AHMET, 'evet');
    const order = await db().prisma.order.findFirstOrThrow({ where: { customer: { phone: AHMET } }, include: { lines: true } });
    expect(order.status).toBe('confirmed');
    expect(order.totalKurus).toBe(504_000);
    expect(done).toBe(`Siparişiniz alındı (No ${order.number}). 25 Kasım Çarşamba'yı hedefliyoruz, en geç Perşembe. Teşekkür ederiz Ahmet Bey.`);

    // The dialogue is over: a further "evet" is not a second confirmation.
    const after = await h.say(AHMET, 'evet');
    expect(after.join(' ')).not.toContain('Siparişiniz alındı');
    expect(await db().prisma.order.count({ where: { status: 'confirmed' } })).toBe(1);
  });

  it('removes and adds lines in words, and HAYIR cancels', async () => {
    const h = await harness(db());
    await h.say(AHMET, '3 koli Yudum 5 lt, 2 paket Çaykur tiryaki');
    const [removed] = await h.say(AHMET, 'yağı çıkar');
    expect(removed).toBe('Güncelledim: Yudum Ayçiçek Yağı 5 L çıkarıldı. *Toplam: 510,00 TL.* Onaylıyor musunuz? EVET / HAYIR');
    const [added] = await h.say(AHMET, 'bir de 2 koli toz şeker 1 kg');
    expect(added).toContain('Toz Şeker 1 kg — 2 koli × 390,00 = 780,00 TL');
    expect(added).toContain('*Toplam: 1.290,00 TL*');
    const [cancelled] = await h.say(AHMET, 'iptal');
    expect(cancelled).toBe('Tamam Ahmet Bey, siparişi iptal ettim. Yeni bir sipariş için yazmanız yeterli.');
    const order = await db().prisma.order.findFirstOrThrow({ where: { customer: { phone: AHMET } } });
    expect(order.status).toBe('cancelled');
    // "iptal" cancelled the order; it did not opt the customer out of campaigns.
    expect((await db().prisma.customer.findUniqueOrThrow({ where: { phone: AHMET } })).commercialConsent).toBe(true);
  });

  it('asks when a line fits two products, never guesses, and takes the numbered answer', async () => {
    const h = await harness(db());
    const [question] = await h.say(AHMET, '10 koli ayçiçek yağı 5 lt');
    expect(question).toBe('Ahmet Bey, hangi ayçiçek yağı 5 L?\n1) Yudum Ayçiçek Yağı 5 L\n2) Komili Ayçiçek Yağı 5 L\nNumarasını yazmanız yeterli.');
    expect(await db().prisma.order.count()).toBe(0);
    const [summary] = await h.say(AHMET, '2');
    expect(summary).toContain('1) Komili Ayçiçek Yağı 5 L — 10 koli × 1.290,00 = 12.900,00 TL');
    // Above 10.000 TL this month: 3 % on the whole order.
    expect(summary).toContain('İndirim (%3): −387,00 TL');
    expect(summary).toContain('*Toplam: 12.513,00 TL*');
  });

  it('answers stock questions from stock: "var" only when there, otherwise the restock day, and records a watch on "evet"', async () => {
    const h = await harness(db());
    const [yes] = await h.say(AHMET, 'Yudum 5 litre var mı?');
    expect(yes).toBe('Yudum Ayçiçek Yağı 5 L stokta var.');
    const [no] = await h.say(AHMET, 'baldo pirinç var mı');
    expect(no).toBe('Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor. Gelince size haber vereyim mi? Baldo Pirinç 25 kg Çuval stokta var.');
    const [ok] = await h.say(AHMET, 'evet');
    expect(ok).toBe('Tamam Ahmet Bey, Baldo Pirinç 1 kg gelince size hemen haber vereceğim.');
    const watches = await db().prisma.stockWatch.findMany({ include: { product: true, customer: true } });
    expect(watches.map((w) => [w.product.sku, w.customer.phone])).toEqual([['BAK-PIR-BAL-1K', AHMET]]);

    // Reserved stock is not "var".
    await db().prisma.stock.updateMany({ where: { product: { sku: 'YAG-YUD-5L' } }, data: { reserved: 200 } });
    const [reserved] = await h.say(AHMET, 'Yudum 5 litre var mı?');
    expect(reserved).toContain('Yudum Ayçiçek Yağı 5 L şu an stokta yok');
  });

  it("answers price questions from the customer's own list, with the tier hint", async () => {
    const h = await harness(db());
    const [ayse] = await h.say(AYSE, 'omo 6 kg kaç lira');
    expect(ayse).toBe("Omo Matik Toz Deterjan 6 kg: koli (3 × 6 kg) 268,80 TL, Fiyat Listesi 2.\nBu ay alımlarınız 10.000 TL'yi geçerse %3 indirim uygulanır.");
    const [ahmet] = await h.say(AHMET, 'omo 6 kg kaç lira');
    expect(ahmet).toContain('240,00 TL, Fiyat Listesi 1.');
  });

  it('says "bulamadım" with the closest products for an unknown product', async () => {
    const h = await harness(db());
    const [r] = await h.say(AHMET, 'zeytinyağ 5 lt fiyatı ne');
    expect(r).toMatch(/Tariş Sızma Zeytinyağı 5 L/);
    const [none] = await h.say(AHMET, 'qwxz ürününden 3 koli');
    expect(none).toMatch(/bulamadım|hangi/);
  });

  it('shows open orders and their promised dates on a status question', async () => {
    const h = await harness(db());
    const [empty] = await h.say(AHMET, 'siparişim ne zaman gelir?');
    expect(empty).toBe('Ahmet Bey, şu an açık siparişiniz görünmüyor.');
    await h.say(AHMET, '2 paket Çaykur tiryaki');
    await h.say(AHMET, 'evet');
    const order = await db().prisma.order.findFirstOrThrow({ where: { status: 'confirmed' } });
    const [status] = await h.say(AHMET, 'siparişim ne zaman gelir?');
    expect(status).toBe(`Ahmet Bey, açık siparişleriniz:\nNo ${order.number}: onaylandı, en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba.`);
  });

  it('logs a complaint, acknowledges it the same minute, tells the owner and schedules a follow-up a week later', async () => {
    const h = await harness(db());
    const [ack] = await h.say(AYSE, 'gelen yumurtaların yarısı kırık');
    const c = await db().prisma.complaint.findFirstOrThrow({ include: { customer: true } });
    expect(c.customer.phone).toBe(AYSE);
    expect(c.text).toBe('gelen yumurtaların yarısı kırık');
    expect(ack).toBe(`Çok üzgünüz Ayşe Hanım, kusura bakmayın. Şikayetinizi kaydettim (No Ş-${c.number}) ve sorumlu arkadaşımıza ilettim; bugün içinde sizi arayıp çözümü ayarlayacağız.`);
    expect(c.ackAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(c.followUpAt?.getTime()).toBe(h.clock.now().getTime() + 7 * 86_400_000);
    expect((await h.ownerTexts()).join('\n')).toContain(`Şikayet Ş-${c.number} — Ayşe Demir (Demir Şarküteri)`);
  });

  it('DUR stops commercial messages at once with a ConsentEvent; BAŞLA turns them back on', async () => {
    const h = await harness(db());
    const customer = await db().prisma.customer.findUniqueOrThrow({ where: { phone: AHMET } });
    await db().prisma.outboxMessage.create({ data: { idempotencyKey: 'campaign:test', jid: phoneToJid(AHMET), customerId: customer.id, kind: 'proactive', commercial: true, text: 'kampanya' } });
    const [stop] = await h.say(AHMET, 'DUR');
    expect(stop).toBe('Kampanya ve duyuru mesajlarını durdurdum. Siparişleriniz ve teslimatlarınızla ilgili bilgilendirmeler sürecek. Tekrar almak isterseniz BAŞLA yazmanız yeterli.');
    let c = await db().prisma.customer.findUniqueOrThrow({ where: { phone: AHMET } });
    expect(c.commercialConsent).toBe(false);
    expect(c.optedOutAt).not.toBeNull();
    expect((await db().prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'campaign:test' } })).status).toBe('cancelled');
    const [start] = await h.say(AHMET, 'BAŞLA');
    expect(start).toContain('Tekrar hoş geldiniz Ahmet Bey');
    c = await db().prisma.customer.findUniqueOrThrow({ where: { phone: AHMET } });
    expect(c.commercialConsent).toBe(true);
    expect(c.optedOutAt).toBeNull();
    const events = await db().prisma.consentEvent.findMany({ where: { customerId: c.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.granted, e.source, e.text])).toEqual([
      [false, 'whatsapp', 'DUR'],
      [true, 'whatsapp', 'BAŞLA'],
    ]);
  });

  it('marks a message read when the bot answered it in full; one waiting for staff stays unread on the phone', async () => {
    const h = await harness(db());
    await h.say(AHMET, 'Yudum 5 litre var mı?');
    expect(h.wasRead(h.last())).toBe(true);
    const [ack] = await h.say(MEHMET, 'beni biri arayabilir mi, fiyat konuşmak istiyorum');
    expect(ack).toContain('30 dakika');
    expect(h.wasRead(h.last())).toBe(false);
  });

  it("the owner teaches a customer's own word on WhatsApp (/öğret); the customer is understood from the next message", async () => {
    const h = await harness(db());
    const before = await h.say(AYSE, '2 koli sarı yağ');
    expect(before.join(' ')).not.toContain('Sana Margarin');
    const [taught] = await h.say(OWNER, '/öğret 0532 111 00 02 sarı yağ = mar-san-250');
    expect(taught).toMatch(/^Öğrendim: Ayşe .*"sarı yağ" yazınca Sana Margarin 250 g \(MAR-SAN-250\) anlayacağım\.$/);
    const [summary] = await h.say(AYSE, '2 koli sarı yağ');
    expect(summary).toContain('Sana Margarin 250 g — 2 koli');
    const [bad] = await h.say(OWNER, '/öğret 0532 111 00 02 sarı yağ = YOK-1');
    expect(bad).toContain('Öğretemedim: ürün bulunamadı: YOK-1.');
    const [unclear] = await h.say(OWNER, '/ogret sarı yağ');
    expect(unclear).toMatch(/^Örnek: \/öğret 0532 111 00 02 sarı yağ = MAR-SAN-250/);
    const [stranger] = await h.say(OWNER, '/öğret 0555 999 88 77 sarı yağ = MAR-SAN-250');
    expect(stranger).toContain('müşteri bulunamadı: +905559998877');
  });

  it('hands a chat to staff: ack, owner told, the bot stays quiet, a staff answer from the phone counts, /devret hands it back', async () => {
    const h = await harness(db());
    const [ack] = await h.say(MEHMET, 'beni biri arayabilir mi, fiyat konuşmak istiyorum');
    expect(ack).toBe('Tabii Mehmet Bey, mesajınızı ilgili arkadaşımıza ilettim; en geç 30 dakika içinde size dönüyoruz.');
    expect((await h.ownerTexts()).some((t) => t.includes('Mehmet Kaya (Kaya Bakkal)'))).toBe(true);

    h.clock.advance(5 * MIN);
    expect(await h.say(MEHMET, '3 koli Yudum 5 lt')).toEqual([]);
    expect(await db().prisma.order.count()).toBe(0);

    h.clock.advance(5 * MIN);
    await h.inbox.handle(h.message(MEHMET, 'Merhaba Mehmet Bey, ben Ali, sizi arıyorum', { fromMe: true }));
    const wait = await db().prisma.responseWait.findFirstOrThrow({ where: { reason: 'human' } });
    expect(wait.answeredBy).toBe('staff');
    expect(wait.answeredAt!.getTime() - wait.receivedAt.getTime()).toBe(10 * MIN);
    // Staff answered: nothing to escalate later.
    h.clock.advance(60 * MIN);
    expect(await h.inbox.escalateOverdue()).toBe(0);

    // Still staff's chat until the owner hands it back.
    expect(await h.say(MEHMET, 'tamam')).toEqual([]);
    const [handed] = await h.say('+905329990001', `/devret ${MEHMET}`);
    expect(handed).toBe('Tamam, Mehmet Kaya (Kaya Bakkal) ile sohbet yeniden botta.');
    const [summary] = await h.say(MEHMET, '2 paket Çaykur tiryaki');
    expect(summary).toContain('Merhaba Mehmet Bey, siparişiniz:');
  });

  it('gives the chat back to the bot after the quiet period', async () => {
    const h = await harness(db(), { handoffQuietMinutes: 60 });
    await h.say(MEHMET, 'beni biri arayabilir mi');
    h.clock.advance(30 * MIN);
    expect(await h.say(MEHMET, 'Merhaba')).toEqual([]);
    h.clock.advance(31 * MIN);
    const report = await h.inbox.runMinutely();
    expect(report.handedBack).toBe(1);
    const [greeting] = await h.say(MEHMET, 'Merhaba');
    expect(greeting).toContain('Merhaba Mehmet Bey');
  });

  it('answers an unknown number politely, shows no prices and tells the owner', async () => {
    const h = await harness(db());
    const stranger = '+905551112233';
    const [r] = await h.say(stranger, 'omo 6 kg kaç lira');
    expect(r).toBe('Merhaba, mesajınız için teşekkür ederiz. Yılmaz Toptan ekibine ilettim; en geç 30 dakika içinde size dönüyoruz.');
    expect(await h.say(stranger, '3 koli Yudum 5 lt')).toEqual([]);
    const all = await h.repliesTo(stranger);
    expect(all.join(' ')).not.toMatch(/TL|Fiyat Listesi/);
    expect(await db().prisma.order.count()).toBe(0);
    expect((await h.ownerTexts()).filter((t) => t.includes(stranger))).toHaveLength(1);
  });

  it('answers voice notes, photos and stickers sensibly, stays silent on reactions, never crashes', async () => {
    const h = await harness(db());
    const [voice] = await h.say(AHMET, null, { kind: 'audio' });
    expect(voice).toContain('sesli mesajınızı aldım');
    const [photo] = await h.say(AYSE, null, { kind: 'image' });
    expect(photo).toContain('gönderdiğiniz fotoğraf elimize ulaştı');
    const [sticker] = await h.say(FATMA, null, { kind: 'sticker' });
    expect(sticker).toContain('Fatma Hanım');
    expect(await h.say(FATMA, '👍', { kind: 'reaction', reactionTo: 'X' })).toEqual([]);
    // A photo with an order in its caption is read as an order.
    const [captioned] = await h.say(FATMA, '2 paket Çaykur tiryaki', { kind: 'image' });
    expect(captioned).toContain('siparişiniz');
    // Voice notes wait for staff; reactions need nothing.
    expect(await db().prisma.responseWait.count({ where: { reason: 'media', answeredAt: null } })).toBe(2);
  });

  it('handles the same WhatsApp message twice only once', async () => {
    const h = await harness(db());
    const m = h.message(AHMET, '2 paket Çaykur tiryaki');
    await h.inbox.handle(m);
    await h.inbox.handle({ ...m });
    await Promise.all([h.inbox.handle({ ...m }), h.inbox.handle({ ...m })]);
    expect(await db().prisma.outboxMessage.count({ where: { jid: m.remoteJid } })).toBe(1);
    expect(await db().prisma.order.count()).toBe(1);
    expect(await db().prisma.message.count({ where: { waId: m.id } })).toBe(1);
  });

  it('stores history without answering it', async () => {
    const h = await harness(db());
    expect(await h.say(AHMET, '5 koli Yudum 5 lt', { isHistory: true })).toEqual([]);
    const msg = await db().prisma.message.findFirstOrThrow({ where: { waId: h.last().id } });
    expect(msg.isHistory).toBe(true);
    expect(msg.handledAt).not.toBeNull();
    expect(await db().prisma.order.count()).toBe(0);
    expect(await db().prisma.outboxMessage.count()).toBe(0);
  });

  it('escalates a message waiting for staff to the owner after 30 minutes, exactly once', async () => {
    const h = await harness(db());
    await h.say(MEHMET, 'beni biri arayabilir mi, fiyat konuşmak istiyorum');
    const alertsBefore = (await h.ownerTexts()).length;
    h.clock.advance(29 * MIN);
    expect((await h.inbox.runMinutely()).escalated).toBe(0);
    h.clock.advance(1 * MIN);
    expect((await h.inbox.runMinutely()).escalated).toBe(1);
    h.clock.advance(1 * MIN);
    expect((await h.inbox.runMinutely()).escalated).toBe(0);
    const alerts = (await h.ownerTexts()).slice(alertsBefore);
    expect(alerts).toEqual(["⏰ Mehmet Kaya (Kaya Bakkal) 30 dakikadır yanıt bekliyor: 'beni biri arayabilir mi…'"]);
  });

  it('meets a flood of 500 messages with one calm answer and keeps working', async () => {
    const h = await harness(db());
    let replies = 0;
    for (let i = 0; i < 500; i++) {
      replies += (await h.say(AHMET, `${i + 1} koli Yudum 5 lt`)).length;
      h.clock.advance(50);
    }
    const all = await h.repliesTo(AHMET);
    const calm = all.filter((t) => t.startsWith('Mesajlarınızı aldım'));
    expect(calm).toHaveLength(1);
    // Only the messages under the limit were processed (20 per minute).
    expect(replies).toBe(21);
    expect(await db().prisma.message.count({ where: { direction: 'in' } })).toBe(500);
    // After the window the customer is served again.
    h.clock.advance(2 * MIN);
    const [status] = await h.say(AHMET, 'siparişim ne zaman gelir?');
    expect(status).toContain('Ahmet Bey');
  }, 240_000);

  it('expires a draft left unanswered with a polite note', async () => {
    const h = await harness(db());
    await h.say(AHMET, '2 paket Çaykur tiryaki');
    const order = await db().prisma.order.findFirstOrThrow();
    h.clock.advance(119 * MIN);
    expect((await h.inbox.runMinutely()).draftsExpired).toBe(0);
    h.clock.advance(2 * MIN);
    expect((await h.inbox.runMinutely()).draftsExpired).toBe(1);
    expect((await db().prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('cancelled');
    const note = (await h.repliesTo(AHMET)).at(-1);
    expect(note).toBe(`Ahmet Bey, onay bekleyen siparişiniz (No ${order.number}) uzun süre yanıtsız kaldığı için kapattım. Hâlâ isterseniz siparişi yeniden yazmanız yeterli; hemen hazırlarım.`);
    // A late "evet" confirms nothing.
    const late = await h.say(AHMET, 'evet');
    expect(late.join(' ')).not.toContain('Siparişiniz alındı');
    expect(await db().prisma.order.count({ where: { status: 'confirmed' } })).toBe(0);
  });

  it('refuses an order above the credit limit, saying by how much', async () => {
    const h = await harness(db());
    const [r] = await h.say(FATMA, '10 koli Yudum 5 lt');
    expect(r).toContain('*Toplam: 15.277,50 TL* (Fiyat Listesi 3)');
    expect(r).not.toContain('Açık hesabınız onaydan sonra');
    expect(r).toContain('Bu sipariş açık hesap limitinizi 277,50 TL aşıyor (limit 15.000,00 TL). 1 koli daha az yazabilir ya da ödeme yaptıktan sonra onaylayabilirsiniz; dilerseniz sizi arayalım.');
    expect(r).not.toContain('Onaylıyor musunuz');
    const [fixed] = await h.say(FATMA, 'yağı 9 yap');
    expect(fixed).toContain('9 koli');
    const [ok] = await h.say(FATMA, 'evet');
    expect(ok).toContain('Siparişiniz alındı');
  });

  it('explains lot rules and takes "1 koli" as the answer; offers the part in stock', async () => {
    const h = await harness(db());
    const [lot] = await h.say(FATMA, '10 adet kaşar');
    expect(lot).toContain('Pınar Kaşar Peyniri 600 g kolide satılıyor (8 adet). 10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim.');
    const [one] = await h.say(FATMA, '1 koli');
    expect(one).toContain('Pınar Kaşar Peyniri 600 g — 1 koli × 1.050,00 = 1.050,00 TL');
    const [three] = await h.say(FATMA, 'kaşarı 3 koli yap');
    expect(three).toContain('Pınar Kaşar Peyniri 600 g: 2 koli var, 3 koli istediniz.');
    expect(three).toContain('Şimdilik 2 koli gönderelim, kalan 1 koli gelince haber verelim mi?');
    const [partial] = await h.say(FATMA, 'evet');
    expect(partial).toContain('2 koli × 1.050,00 = 2.100,00 TL');
    expect(partial).toContain('*Onaylıyor musunuz? EVET / HAYIR*');
    await h.say(FATMA, 'evet');
    expect(await db().prisma.order.count({ where: { status: 'confirmed' } })).toBe(1);
    expect(await db().prisma.stockWatch.count()).toBe(1);
  });

  it('thanks and greetings get a short answer; a pending draft is recalled', async () => {
    const h = await harness(db());
    expect(await h.say(AHMET, 'Merhaba kolay gelsin')).toEqual([expect.stringContaining('Merhaba Ahmet Bey, hoş geldiniz.')]);
    expect(await h.say(AHMET, 'teşekkürler')).toEqual(['Rica ederiz Ahmet Bey.']);
    expect(await h.say(AHMET, '👍')).toEqual([]);
    await h.say(AHMET, '2 paket Çaykur tiryaki');
    const r = await h.say(AHMET, 'Merhaba');
    expect(r.join('\n')).toContain('siparişiniz henüz onaylanmadı');
  });

  it('acknowledges what it does not understand and hands it to staff', async () => {
    const h = await harness(db());
    const [r] = await h.say(AYSE, 'geçen ayın faturasını tekrar gönderir misiniz');
    expect(r).toBe('Ayşe Hanım, mesajınızı aldım; ilgili arkadaşımıza ilettim, en geç 30 dakika içinde size dönüyoruz.');
    const wait = await db().prisma.responseWait.findFirstOrThrow();
    expect(wait.answeredAt).toBeNull();
    expect(wait.ackAt).not.toBeNull();
  });

  it('stores the LID and JID on the customer and replies to the JID the message came from', async () => {
    const h = await harness(db());
    const lidJid = '123456789012345@lid';
    await h.say(AHMET, 'Merhaba', { remoteJid: lidJid, senderLid: lidJid });
    const c = await db().prisma.customer.findUniqueOrThrow({ where: { phone: AHMET } });
    expect(c.lid).toBe(lidJid);
    expect(c.jid).toBe(lidJid);
    const out = await db().prisma.outboxMessage.findFirstOrThrow();
    expect(out.jid).toBe(lidJid);
    expect(out.kind).toBe('reply');
    // Later a message with only the LID (no phone) is still Ahmet.
    const [r] = await h.say(AHMET, 'teşekkürler', { remoteJid: lidJid, senderLid: lidJid, senderPhone: null });
    expect(r).toBe('Rica ederiz Ahmet Bey.');
  });

  it('does not count its own messages echoed from the linked phone as a staff answer', async () => {
    const h = await harness(db());
    await h.say(MEHMET, 'geçen ayın faturasını tekrar gönderir misiniz');
    const reply = await db().prisma.outboxMessage.findFirstOrThrow({ where: { jid: phoneToJid(MEHMET) } });
    await db().prisma.outboxMessage.update({ where: { id: reply.id }, data: { waId: '3EB0ECHO0000000000001' } });
    await h.inbox.handle(h.message(MEHMET, reply.text, { id: '3EB0ECHO0000000000001', fromMe: true }));
    const wait = await db().prisma.responseWait.findFirstOrThrow();
    expect(wait.answeredAt).toBeNull();
    const conv = await db().prisma.conversation.findFirstOrThrow({ where: { jid: phoneToJid(MEHMET) } });
    expect(conv.handoff).toBe('bot');
  });

  it('answers a message stored before a crash but never handled, once', async () => {
    const h = await harness(db());
    const m = h.message(AHMET, '2 paket Çaykur tiryaki');
    await recordInbound(db().prisma, m); // the process died right after storing it
    await h.inbox.handle({ ...m }); // WhatsApp delivers it again after the restart
    await h.inbox.handle({ ...m });
    const out = await db().prisma.outboxMessage.findMany({ where: { jid: m.remoteJid } });
    expect(out).toHaveLength(1);
    expect(out[0].text).toContain('Merhaba Ahmet Bey, siparişiniz:');
    // And resumeUnhandled finds nothing left.
    expect(await h.inbox.resumeUnhandled()).toBe(0);
    // A stranded message nobody redelivers is picked up at start-up.
    const stranded = h.message(AYSE, 'siparişim ne zaman gelir?');
    await recordInbound(db().prisma, stranded);
    expect(await h.inbox.resumeUnhandled()).toBe(1);
    expect((await h.repliesTo(AYSE)).at(-1)).toBe('Ayşe Hanım, şu an açık siparişiniz görünmüyor.');
  });

  it('a late EVET after the draft expired gets the polite note, not a confirmation', async () => {
    const h = await harness(db());
    await h.say(AHMET, '2 paket Çaykur tiryaki');
    h.clock.advance(121 * MIN);
    const [note, ...rest] = await h.say(AHMET, 'evet');
    expect(note).toContain('uzun süre yanıtsız kaldığı için kapattım');
    expect(rest.join(' ')).not.toContain('Siparişiniz alındı');
    expect(await db().prisma.order.count({ where: { status: 'confirmed' } })).toBe(0);
  });

  it('survives an unreadable conversation state', async () => {
    const h = await harness(db());
    await h.say(AHMET, 'Merhaba');
    await db().prisma.conversation.updateMany({ data: { state: { draftOrderId: 'bozuk', question: 42 } } });
    const [r] = await h.say(AHMET, '2 paket Çaykur tiryaki');
    expect(r).toContain('Merhaba Ahmet Bey, siparişiniz:');
  });
});
