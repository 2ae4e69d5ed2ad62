import { toCardinal } from 'n2words/tr-TR';
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/language/normalize.ts';
import { parseNumberAt, parseQuantity, splitNumberWord } from '../../src/language/numbers.ts';

describe('parseQuantity', () => {
  it('reads digits with a decimal comma or point', () => {
    expect(parseQuantity('5')).toBe(5);
    expect(parseQuantity('2,5')).toBe(2.5);
    expect(parseQuantity('1.5')).toBe(1.5);
  });

  it('reads number words, spaced, glued and in capitals', () => {
    expect(parseQuantity('yirmi beş')).toBe(25);
    expect(parseQuantity('yirmibeş')).toBe(25);
    expect(parseQuantity('ONBEŞ')).toBe(15);
    expect(parseQuantity('on beş')).toBe(15);
    expect(parseQuantity('iki yüz elli')).toBe(250);
    expect(parseQuantity('bin iki yüz')).toBe(1200);
    expect(parseQuantity('dort')).toBe(4);
  });

  it('reads yarım, buçuk and düzine', () => {
    expect(parseQuantity('yarım')).toBe(0.5);
    expect(parseQuantity('bir buçuk')).toBe(1.5);
    expect(parseQuantity('iki buçuk')).toBe(2.5);
    expect(parseQuantity('5 buçuk')).toBe(5.5);
    expect(parseQuantity('düzine')).toBe(12);
    expect(parseQuantity('iki düzine')).toBe(24);
    expect(parseQuantity('yarım düzine')).toBe(6);
  });

  it('reads distributive forms', () => {
    expect(splitNumberWord('ikiser')).toEqual(['iki']);
    expect(splitNumberWord('birer')).toEqual(['bir']);
    expect(parseQuantity('beşer')).toBe(5);
  });

  it('refuses what is not a number', () => {
    expect(parseQuantity('biri')).toBeNull();
    expect(parseQuantity('iki üç')).toBeNull();
    expect(parseQuantity('ikinci')).toBeNull();
    expect(parseQuantity('yağ')).toBeNull();
    expect(parseQuantity('')).toBeNull();
  });

  it('stops where the number ends', () => {
    const n = parseNumberAt(['iki', 'koli', 'yag'], 0);
    expect(n).toMatchObject({ value: 2, next: 1, words: true, dozen: false });
    expect(parseNumberAt(['iki', 'duzine', 'yumurta'], 0)).toMatchObject({ value: 24, next: 2, dozen: true });
  });
});

describe('agrees with n2words (tr-TR) for 0..1000', () => {
  it('spaced', () => {
    for (let n = 0; n <= 1000; n++) expect(parseQuantity(toCardinal(n)), toCardinal(n)).toBe(n);
  });
  it('glued', () => {
    for (let n = 0; n <= 1000; n++) expect(parseQuantity(toCardinal(n, { dropSpaces: true }))).toBe(n);
  });
  it('in capitals', () => {
    for (let n = 0; n <= 1000; n += 7) expect(parseQuantity(toCardinal(n).toLocaleUpperCase('tr-TR'))).toBe(n);
  });
  it('folded without Turkish letters', () => {
    for (let n = 0; n <= 1000; n += 3) expect(parseQuantity(fold(toCardinal(n)))).toBe(n);
  });
});
