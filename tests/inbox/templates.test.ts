import { describe, expect, it } from 'vitest';
import { createReplyTemplates, loadReplyTemplates, REPLY_SAMPLES } from '../../src/inbox/replyTemplates.ts';
import { dayAccusative, excerpt, possessiveSuffix, productPhrase } from '../../src/inbox/format.ts';

describe('reply templates', () => {
  it('loads every templates/replies file and renders each with its sample values', async () => {
    const t = await loadReplyTemplates();
    expect(t.names()).toEqual(Object.keys(REPLY_SAMPLES).sort());
    const summary = t.render('order-summary', { title: 'Ahmet Bey', business_name: 'X', ...REPLY_SAMPLES['order-summary'] });
    expect(summary).toContain('1) Yudum Ayçiçek Yağı 5 L — 3 koli × 1.260,00 = 3.780,00 TL');
    expect(summary).not.toMatch(/\n\n\n/);
  });
  it('fails with the file name on a missing variable or a missing file', () => {
    const sources = Object.fromEntries(Object.keys(REPLY_SAMPLES).map((k) => [k, '{{ title }}']));
    expect(() => createReplyTemplates({ ...sources, thanks: 'Rica ederiz {{ titel }}.' })).toThrow(/replies\/thanks\.liquid/);
    const { greeting: _g, ...missing } = sources;
    expect(() => createReplyTemplates(missing)).toThrow(/replies\/greeting\.liquid/);
  });
});

describe('Turkish formatting helpers', () => {
  it('strips quantities and pack units from a line but keeps sizes', () => {
    expect(productPhrase('10 koli ayçiçek yağı 5 lt')).toBe('ayçiçek yağı 5 L');
    expect(productPhrase('5 koli salça')).toBe('salça');
    expect(productPhrase('Yudum 5lt 3 koli')).toBe('Yudum 5 L');
  });
  it('adds the right suffixes', () => {
    expect(dayAccusative('25 Kasım Çarşamba')).toBe("25 Kasım Çarşamba'yı");
    expect(dayAccusative('30 Kasım Pazartesi')).toBe("30 Kasım Pazartesi'yi");
    expect(dayAccusative('29 Kasım Pazar')).toBe("29 Kasım Pazar'ı");
    expect([98, 96, 100, 67, 50, 3].map(possessiveSuffix)).toEqual(["'i", "'sı", "'ü", "'si", "'si", "'ü"]);
  });
  it('cuts long messages at a word, or at the first clause, for owner alerts', () => {
    expect(excerpt('beni biri arayabilir mi, fiyat konuşmak istiyorum', 60, { clause: true })).toBe('beni biri arayabilir mi…');
    expect(excerpt('kısa mesaj', 60, { clause: true })).toBe('kısa mesaj');
    expect(excerpt('beni biri arayabilir mi, fiyat konuşmak istiyorum ve bir de yarın için sipariş vermek', 30)).toBe('beni biri arayabilir mi, fiyat…');
  });
});
