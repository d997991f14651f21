import { describe, expect, it } from 'vitest';
import { ownerOf, parseMediaNodes } from './owner.ts';

const cams = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('ownerOf', () => {
  it('spreads cameras evenly over nodes', () => {
    const nodes = ['media-1', 'media-2', 'media-3'];
    const counts = new Map<string, number>();
    for (const c of cams) counts.set(ownerOf(c, nodes)!, (counts.get(ownerOf(c, nodes)!) ?? 0) + 1);
    for (const n of nodes) expect(counts.get(n)! / cams.length).toBeGreaterThan(0.28);
  });

  it('moves only the cameras of a node that joins', () => {
    const before = cams.map((c) => ownerOf(c, ['media-1', 'media-2']));
    const after = cams.map((c) => ownerOf(c, ['media-1', 'media-2', 'media-3']));
    for (let i = 0; i < cams.length; i++) if (before[i] !== after[i]) expect(after[i]).toBe('media-3');
    const moved = after.filter((a, i) => a !== before[i]).length / cams.length;
    expect(moved).toBeGreaterThan(0.25);
    expect(moved).toBeLessThan(0.42);
  });

  it('does not depend on the order of the list, and has no owner without nodes', () => {
    expect(cams.slice(0, 50).map((c) => ownerOf(c, ['a', 'b', 'c']))).toEqual(
      cams.slice(0, 50).map((c) => ownerOf(c, ['c', 'a', 'b'])),
    );
    expect(ownerOf(cams[0]!, [])).toBeNull();
  });
});

describe('parseMediaNodes', () => {
  it('reads ids, public and internal URLs', () => {
    expect(parseMediaNodes('media-1=http://a:8090/, media-2=https://b|http://10.0.0.2:8090')).toEqual([
      { id: 'media-1', publicUrl: 'http://a:8090', internalUrl: 'http://a:8090' },
      { id: 'media-2', publicUrl: 'https://b', internalUrl: 'http://10.0.0.2:8090' },
    ]);
  });
  it('refuses bad specs with the reason', () => {
    expect(() => parseMediaNodes('media-1')).toThrow(/id=url/);
    expect(() => parseMediaNodes('Media=http://a')).toThrow(/lowercase/);
    expect(() => parseMediaNodes('m=ftp://a')).toThrow(/http/);
    expect(() => parseMediaNodes('m=http://a,m=http://b')).toThrow(/twice/);
  });
});
