import { describe, expect, it } from 'vitest';
import { createParser } from '../../src/language/index.ts';
import { miniCatalog } from './mini-catalog.ts';

const parser = createParser(miniCatalog());
const intent = (text: string) => parser.parse(text).intent;

describe('intents', () => {
  it('order', () => {
    expect(intent('3 koli orkide 4 lt')).toBe('order');
    expect(intent('bir de 2 koli pril')).toBe('order');
    expect(intent('Merhaba, 2 koli ace gönderir misiniz')).toBe('order');
  });

  it('stock, naming the products asked about', () => {
    for (const t of ['nutella var mı', 'Pepsi kutu kaldı mı?', 'osmancık ne zaman gelir', 'eker yoğurt geldi mi', 'nutella varmı']) expect(intent(t), t).toBe('stock');
    expect(parser.parse('nutella var mı').lines).toEqual([{ sku: 'N-NUT-750', quantity: null, unit: null, text: 'nutella' }]);
    expect(parser.parse('5 koli nutella var mı').lines).toMatchObject([{ sku: 'N-NUT-750', quantity: null, unit: null }]);
  });

  it('price', () => {
    for (const t of ['çokoprens kaç lira', 'burçak fiyatı', 'pril ne kadar', 'orkide 4 lt kaça', 'Barilla fiyat?']) expect(intent(t), t).toBe('price');
    expect(parser.parse('orkide 4 lt kaç tl').lines).toMatchObject([{ sku: 'O-ORK-4L', quantity: null, unit: null }]);
  });

  it('status', () => {
    for (const t of ['siparişim ne zaman gelir', 'siparişim nerede', 'dünkü sipariş yola çıktı mı', 'ne zaman gelirsiniz', 'kargom nerede']) expect(intent(t), t).toBe('status');
  });

  it('complaint: broken, missing, wrong, late', () => {
    for (const t of ['gelen yumurtaların yarısı kırık', 'ayranlar patlak geldi', '2 koli eksik geldi', 'yanlış ürün gönderdiniz', 'siparişim hala gelmedi', 'yoğurtların tarihi geçmiş', 'bozuk çıktı']) {
      expect(intent(t), t).toBe('complaint');
    }
    expect(parser.parse('2 koli eksik geldi').lines).toEqual([]);
  });

  it('optout', () => {
    for (const t of ['DUR', 'dur', 'İPTAL', 'Stop', 'mesaj atmayın', 'bana bir daha reklam mesajı atmayın', 'kampanya mesajı istemiyorum', 'beni listeden çıkarın']) {
      expect(intent(t), t).toBe('optout');
    }
  });

  it('human', () => {
    for (const t of ['beni biri arayabilir mi', 'yetkili biriyle görüşmek istiyorum', 'beni arayın lütfen', 'fiyat konuşmak istiyorum', 'canlı destek']) expect(intent(t), t).toBe('human');
  });

  it('greeting and other', () => {
    for (const t of ['Merhaba', 'selamün aleyküm', 'günaydın kolay gelsin', 'iyi çalışmalar']) expect(intent(t), t).toBe('greeting');
    for (const t of ['tamam teşekkürler', '👍', 'EVET', 'hayır', '2', '', 'ok']) expect(intent(t), t).toBe('other');
  });
});
