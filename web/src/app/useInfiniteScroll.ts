import { useEffect, useRef } from 'react';

/**
 * Calls `onReach` when the returned element scrolls into view (with some margin), for lists that
 * load the next page by themselves. Pages still show a "load more" button for keyboards and for
 * browsers without IntersectionObserver.
 */
export function useInfiniteScroll<T extends Element>(enabled: boolean, onReach: () => void) {
  const ref = useRef<T>(null);
  const latest = useRef(onReach);
  latest.current = onReach;
  useEffect(() => {
    const element = ref.current;
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current();
    }, { rootMargin: '400px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}
