import { describe, expect, it } from 'vitest';
import { text } from './text.ts';

describe('storable text', () => {
  const t = text(1, 20);
  it('accepts ordinary and non-Latin text, emoji included', () => {
    for (const s of ['Siti Aminah', 'Kantor Lurah 35 Ilir', '王小明', 'ok 👍'])
      expect(t.safeParse(s).success).toBe(true);
  });
  it('refuses NUL and unpaired surrogates, which PostgreSQL cannot store', () => {
    for (const s of ['a\u0000b', 'a\ud800b', 'a\udc00', '\ud83d']) expect(t.safeParse(s).success).toBe(false);
  });
});
