import { describe, expect, it } from 'vitest';
import { availableQuantity, partialSentence, restockDay, stockSentence, stockState } from '../../src/stock/availability.ts';

describe('stock answers', () => {
  it('what can be sold is on hand minus held by confirmed orders', () => {
    expect(availableQuantity({ quantity: 10, reserved: 7 })).toBe(3);
    expect(availableQuantity({ quantity: 2, reserved: 5 })).toBe(0);
    expect(availableQuantity(null)).toBe(0);
  });

  it('"var" only when all of it is there; otherwise partial or out', () => {
    expect(stockState(3, 3, null).state).toBe('in_stock');
    expect(stockState(3, 2, null)).toEqual({ state: 'partial', availableQuantity: 2, restockDate: null });
    expect(stockState(3, 0, '2026-12-02')).toEqual({ state: 'out', availableQuantity: 0, restockDate: '2026-12-02' });
  });

  it('a restock date in the past is no promise', () => {
    expect(restockDay({ restockDate: '2026-12-02' }, '2026-11-23')).toBe('2026-12-02');
    expect(restockDay({ restockDate: new Date('2026-11-01T00:00:00Z') }, '2026-11-23')).toBeNull();
  });

  it('says when it comes, or honestly that there is no date yet', () => {
    expect(stockSentence('Baldo Pirinç 1 kg', 0, '2026-12-02')).toBe('Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor.');
    expect(stockSentence('Baldo Pirinç 1 kg', 0, null)).toBe('Baldo Pirinç 1 kg şu an stokta yok; geliş tarihi henüz belli değil, gelince size haber vereceğim.');
    expect(stockSentence('Baldo Pirinç 25 kg Çuval', 40, null)).toBe('Baldo Pirinç 25 kg Çuval stokta var.');
    expect(partialSentence('Pınar Kaşar Peyniri 600 g', 2, 3, 'koli')).toBe('Pınar Kaşar Peyniri 600 g: 2 koli var, 3 koli istediniz.');
  });
});
