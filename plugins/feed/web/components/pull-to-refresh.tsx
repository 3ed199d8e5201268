import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '@petamigos/web';

const THRESHOLD = 70;

/**
 * Pull down from the top of the page on a touch screen to refresh. Only touches that start with the
 * page scrolled to the top count, so ordinary scrolling is left alone.
 */
export function PullToRefresh({ onRefresh, children }: { onRefresh(): Promise<void>; children: ReactNode }) {
  const t = useT('feed');
  const area = useRef<HTMLDivElement>(null);
  const [pull, setPull] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const latest = useRef(onRefresh);
  latest.current = onRefresh;

  useEffect(() => {
    const element = area.current;
    if (!element) return;
    let startY: number | null = null;
    let distance = 0;
    const start = (event: TouchEvent) => {
      startY = window.scrollY <= 0 && event.touches.length === 1 ? event.touches[0]!.clientY : null;
      distance = 0;
    };
    const move = (event: TouchEvent) => {
      if (startY === null) return;
      distance = Math.max(0, event.touches[0]!.clientY - startY);
      setPull(Math.min(distance, THRESHOLD * 1.5));
    };
    const end = () => {
      if (startY !== null && distance >= THRESHOLD) {
        setRefreshing(true);
        void latest.current().finally(() => setRefreshing(false));
      }
      startY = null;
      distance = 0;
      setPull(0);
    };
    element.addEventListener('touchstart', start, { passive: true });
    element.addEventListener('touchmove', move, { passive: true });
    element.addEventListener('touchend', end);
    element.addEventListener('touchcancel', end);
    return () => {
      element.removeEventListener('touchstart', start);
      element.removeEventListener('touchmove', move);
      element.removeEventListener('touchend', end);
      element.removeEventListener('touchcancel', end);
    };
  }, []);

  const shown = refreshing || pull > 0;
  return (
    <div ref={area} className="feed-pull">
      <div className="feed-pull__indicator" style={{ blockSize: refreshing ? '2.5rem' : `${pull / 2}px` }} aria-hidden={!shown}>
        {shown && <span>{refreshing ? t('web.home.refreshing') : pull >= THRESHOLD ? t('web.home.release') : t('web.home.pull')}</span>}
      </div>
      {children}
    </div>
  );
}
