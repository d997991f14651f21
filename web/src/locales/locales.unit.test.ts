import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('locale files', () => {
  it('have the same keys in Bahasa Indonesia and English', () => {
    expect(keys(en).sort()).toEqual(keys(id).sort());
  });
  it('have no empty strings', () => {
    for (const [name, file] of [
      ['id', id],
      ['en', en],
    ] as const) {
      const flat = keys(file);
      for (const k of flat)
        expect(
          k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], file),
          `${name}:${k}`,
        ).not.toBe('');
    }
  });
});
