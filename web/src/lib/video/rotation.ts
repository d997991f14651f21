/** The video wall's pages: a grid size, the cameras cut into pages, and which page shows. Pure. */

export const GRID_SIZES = [2, 3, 4] as const;
export type GridSize = (typeof GRID_SIZES)[number];
export const ROTATE_INTERVALS_S = [0, 10, 20, 30, 60] as const;

export function pageCount(total: number, grid: GridSize): number {
  return Math.max(1, Math.ceil(total / (grid * grid)));
}

export function pageItems<T>(items: readonly T[], grid: GridSize, page: number): T[] {
  const per = grid * grid;
  const p = clampPage(page, items.length, grid);
  return items.slice(p * per, p * per + per);
}

export function clampPage(page: number, total: number, grid: GridSize): number {
  const n = pageCount(total, grid);
  return ((Math.trunc(page) % n) + n) % n;
}

/** The page after `page`, wrapping; the same page when rotation is paused or off, or there is one page. */
export function nextPage(page: number, total: number, grid: GridSize, paused: boolean): number {
  if (paused) return clampPage(page, total, grid);
  return clampPage(page + 1, total, grid);
}

/**
 * When the grid changes size, the page that keeps the first camera now on screen in view (an operator
 * going from 2x2 to 3x3 keeps looking at the same cameras).
 */
export function pageAfterResize(page: number, from: GridSize, to: GridSize, total: number): number {
  const firstIndex = clampPage(page, total, from) * from * from;
  return clampPage(Math.floor(firstIndex / (to * to)), total, to);
}
