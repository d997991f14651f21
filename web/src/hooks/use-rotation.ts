import { useEffect, useState } from 'react';
import { clampPage, nextPage, type GridSize } from '@/lib/video/rotation.ts';

/** The page shown, advanced every `intervalS` seconds unless paused (0: no rotation). */
export function useRotation(
  total: number,
  grid: GridSize,
  intervalS: number,
  paused: boolean,
): [number, (p: number) => void] {
  const [page, setPage] = useState(0);
  const shown = clampPage(page, total, grid);
  useEffect(() => {
    if (!intervalS || paused) return undefined;
    const id = setInterval(() => setPage((p) => nextPage(p, total, grid, false)), intervalS * 1000);
    return () => clearInterval(id);
  }, [intervalS, paused, total, grid]);
  return [shown, (p: number) => setPage(clampPage(p, total, grid))];
}
