import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';
import { FINDING_TEXTS, SIGNAL_TEXTS } from '@pkk/core';

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

describe('findings in words (core/src/findings/texts, shared with push and webhooks)', () => {
  const at = (file: object, key: string) =>
    key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], file);
  const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  it('word every signal code the detectors write, using only values the detectors give', () => {
    for (const [code, english] of Object.entries(SIGNAL_TEXTS))
      for (const [name, file] of Object.entries(FINDING_TEXTS)) {
        const text = at(file.signalText, code);
        expect(typeof text, `${name}: signalText.${code}`).toBe('string');
        // A translation may leave a value out (the media node's English state word), never add one.
        expect(placeholders(english), `${name}: ${code}`).toEqual(
          expect.arrayContaining(placeholders(text as string)),
        );
      }
  });
  it('have the same keys in Bahasa Indonesia and English, none empty', () => {
    expect(keys(FINDING_TEXTS.en).sort()).toEqual(keys(FINDING_TEXTS.id).sort());
    for (const file of Object.values(FINDING_TEXTS))
      for (const k of keys(file)) expect(at(file, k), k).not.toBe('');
  });
});
