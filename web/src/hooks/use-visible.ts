import { useEffect, useState, type RefObject } from 'react';

function docVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}

/**
 * Whether an element is on screen and its tab visible: IntersectionObserver (a share of it in the
 * viewport) and document.visibilityState. Players play only while this holds.
 */
export function useVisible(ref: RefObject<Element | null>, threshold = 0.2): boolean {
  const [inView, setInView] = useState(false);
  const [tab, setTab] = useState(docVisible);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    if (typeof IntersectionObserver !== 'function') {
      setInView(true);
      return undefined;
    }
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1];
        if (e) setInView(e.isIntersecting && e.intersectionRatio >= threshold);
      },
      { threshold: [0, threshold, 1] },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, threshold]);
  useEffect(() => {
    const on = () => setTab(docVisible());
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return inView && tab;
}
