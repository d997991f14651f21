import { describe, expect, it } from 'vitest';
import { clampPage, nextPage, pageAfterResize, pageCount, pageItems } from './rotation.ts';

const cams = Array.from({ length: 10 }, (_, i) => i);

describe('wall pages', () => {
  it('cuts the cameras into pages of the grid size', () => {
    expect(pageCount(10, 2)).toBe(3);
    expect(pageCount(10, 4)).toBe(1);
    expect(pageCount(0, 3)).toBe(1);
    expect(pageItems(cams, 2, 0)).toEqual([0, 1, 2, 3]);
    expect(pageItems(cams, 2, 2)).toEqual([8, 9]);
    expect(pageItems(cams, 3, 1)).toEqual([9]);
  });
  it('rotates to the next page and wraps, and stays while paused', () => {
    expect(nextPage(0, 10, 2, false)).toBe(1);
    expect(nextPage(2, 10, 2, false)).toBe(0);
    expect(nextPage(1, 10, 2, true)).toBe(1);
    expect(nextPage(0, 10, 4, false)).toBe(0);
  });
  it('keeps the page in range when cameras go away', () => {
    expect(clampPage(5, 10, 2)).toBe(2);
    expect(clampPage(-1, 10, 2)).toBe(2);
  });
  it('keeps the first camera on screen in view when the grid changes size', () => {
    expect(pageAfterResize(2, 2, 3, 10)).toBe(0); // camera 8 is on 3x3 page 0
    expect(pageAfterResize(1, 3, 2, 10)).toBe(2); // camera 9 is on 2x2 page 2
  });
});
