import { describe, expect, it } from 'vitest';
import { createParser } from '../../src/language/index.ts';
import { devMessages, fixtureCatalog, fullyRight } from './devset.ts';

describe('dev set (shared fixtures)', () => {
  it('gets at least 95 % of messages fully right', () => {
    const parser = createParser(fixtureCatalog());
    const dev = devMessages();
    const wrong = dev.filter((m) => !fullyRight(m, parser.parse(m.text))).map((m) => `${m.id}: ${m.text}`);
    expect(dev.length).toBeGreaterThanOrEqual(40);
    expect((dev.length - wrong.length) / dev.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
