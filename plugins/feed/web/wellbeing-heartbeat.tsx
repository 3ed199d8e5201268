import { useEffect, useRef } from 'react';
import { api, useT } from '@petamigos/web';
import { useToast } from '@petamigos/theme';

const MINUTE = 60_000;

/**
 * The `app.global` slot: while someone is signed in and the page is in view, tell the server once a
 * minute, and show a gentle reminder when it says the stretch of use passed their chosen length.
 * A hidden tab sends nothing, so time in a background tab is not counted.
 */
export default function WellbeingHeartbeat({ signedIn }: { signedIn?: boolean }) {
  const t = useT('feed');
  const toast = useToast();
  const latest = useRef({ t, toast });
  latest.current = { t, toast };

  useEffect(() => {
    if (!signedIn) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const beat = async () => {
      try {
        const answer = await api.post<{ minutesToday: number; continuousMinutes: number; remind: boolean }>('/api/feed/wellbeing/heartbeat', {
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        });
        if (answer.remind) latest.current.toast(latest.current.t('wellbeing.reminder', { count: answer.continuousMinutes }), 'info');
      } catch {
        // A missed beat only makes the figure a minute shorter.
      }
    };
    const start = () => {
      if (timer || document.visibilityState !== 'visible') return;
      void beat();
      timer = setInterval(() => void beat(), MINUTE);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? start() : stop());
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [signedIn]);

  return null;
}
