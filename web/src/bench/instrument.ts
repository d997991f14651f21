import { setPushHook } from '@/api/live/index.ts';

/**
 * Browser-side measurements for bench/src/web.ts, loaded only with `?bench=1`: the time from a socket
 * push arriving to the DOM reflecting it (a MutationObserver fires after the synchronous map restyle and
 * React's render of the same push) and to the next frame, and frames per second (requestAnimationFrame).
 */
export interface BenchReport {
  pushes: number;
  /** Office summaries those pushes carried (the deltas). */
  items: number;
  domMs: number[];
  frameMs: number[];
  frames: number;
  elapsedMs: number;
  longTasks: number;
}

declare global {
  interface Window {
    __pkkBench?: { reset(): void; report(): BenchReport; ready: boolean };
  }
}

export function startInstrumentation(): void {
  if (window.__pkkBench) return;
  let pending: number[] = [];
  let domMs: number[] = [];
  let frameMs: number[] = [];
  let pushes = 0;
  let items = 0;
  let frames = 0;
  let longTasks = 0;
  let t0 = performance.now();

  setPushHook((_event, n) => {
    pushes++;
    items += n;
    pending.push(performance.now());
  });

  new MutationObserver(() => {
    if (!pending.length) return;
    const now = performance.now();
    const batch = pending;
    pending = [];
    for (const r of batch) domMs.push(now - r);
    requestAnimationFrame(() => {
      const f = performance.now();
      for (const r of batch) frameMs.push(f - r);
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });

  const loop = () => {
    frames++;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  try {
    new PerformanceObserver((list) => {
      longTasks += list.getEntries().length;
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // not supported: no long-task count
  }

  window.__pkkBench = {
    ready: true,
    reset() {
      pending = [];
      domMs = [];
      frameMs = [];
      pushes = 0;
      items = 0;
      frames = 0;
      longTasks = 0;
      t0 = performance.now();
    },
    report: () => ({ pushes, items, domMs, frameMs, frames, elapsedMs: performance.now() - t0, longTasks }),
  };
}
