import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, useApi, useFormat, useT } from '@petamigos/web';
import { Alert, Button, Card, Select, Skeleton, TextInput, useToast } from '@petamigos/theme';
import './components/feed.css';

interface Wellbeing {
  reminderMinutes: number | null;
  timeZone: string;
  minutesToday: number;
  continuousMinutes: number;
  days: Array<{ date: string; minutes: number }>;
}

const PRESETS = ['off', '15', '30', '60'] as const;
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The `settings.sections` slot: a reminder after a stretch of use, and how much time went here today and this week. */
export default function WellbeingSettings() {
  const t = useT('feed');
  const toast = useToast();
  const { date, number } = useFormat();
  const headingId = useId();
  const { data, error, loading, setData } = useApi<Wellbeing>('/api/feed/wellbeing', { timeZone: timeZone() });
  const [choice, setChoice] = useState<string>('off');
  const [custom, setCustom] = useState('45');
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | string>();

  useEffect(() => {
    if (!data) return;
    const minutes = data.reminderMinutes;
    if (minutes === null) setChoice('off');
    else if ((PRESETS as readonly string[]).includes(String(minutes))) setChoice(String(minutes));
    else {
      setChoice('custom');
      setCustom(String(minutes));
    }
  }, [data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const reminderMinutes = choice === 'off' ? null : Number(choice === 'custom' ? custom : choice);
    setBusy(true);
    setSaveError(undefined);
    try {
      setData(await api.put<Wellbeing>('/api/feed/wellbeing', { reminderMinutes }));
      toast(t('web.wellbeing.saved'), 'success');
    } catch (caught) {
      setSaveError(caught instanceof ApiError ? caught : t('web.errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const max = Math.max(1, ...(data?.days.map((d) => d.minutes) ?? [1]));
  const fieldError = saveError instanceof ApiError ? saveError.fieldMessage('reminderMinutes') ?? saveError.message : saveError;

  return (
    <Card as="section" className="feed-wellbeing" aria-label={t('web.wellbeing.title')}>
      <h3 id={headingId} className="feed-section-title">{t('web.wellbeing.title')}</h3>
      <p className="feed-muted">{t('web.wellbeing.intro')}</p>
      {loading && !data && <Skeleton lines={4} label={t('web.common.loading')} />}
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && (
        <>
          <form className="feed-form" onSubmit={(e) => void save(e)}>
            <Select label={t('web.wellbeing.reminder')} value={choice} onChange={(e) => setChoice(e.target.value)}
              options={[
                { value: 'off', label: t('web.wellbeing.off') },
                ...['15', '30', '60'].map((m) => ({ value: m, label: t('web.wellbeing.after', { count: Number(m) }) })),
                { value: 'custom', label: t('web.wellbeing.custom') },
              ]} />
            {choice === 'custom' && (
              <TextInput label={t('web.wellbeing.customMinutes')} type="number" inputMode="numeric" min={5} max={600} step={1} required
                value={custom} onChange={(e) => setCustom(e.target.value)} hint={t('web.wellbeing.customHint')} />
            )}
            {fieldError && <Alert tone="error">{fieldError}</Alert>}
            <div className="feed-form__actions"><Button type="submit" busy={busy}>{t('web.common.save')}</Button></div>
          </form>
          <p className="feed-wellbeing__today">{t('wellbeing.today', { count: data.minutesToday })}</p>
          <figure className="feed-usage">
            <figcaption>{t('web.wellbeing.week')}</figcaption>
            <ol className="feed-usage__bars">
              {data.days.map((day) => (
                <li key={day.date}>
                  <span className="feed-usage__track" aria-hidden="true">
                    <span className="feed-usage__value">{number(day.minutes)}</span>
                    {/* The tallest day fills the track, less the room its number takes above it. */}
                    <span className="feed-usage__bar" style={{ blockSize: `max(2px, calc((100% - 1.5rem) * ${(day.minutes / max).toFixed(3)}))` }} />
                  </span>
                  {/* Noon, so the local date cannot slip a day in any time zone. */}
                  <span className="feed-usage__day" aria-hidden="true">{date(`${day.date}T12:00:00`, { weekday: 'short' })}</span>
                  <span className="feed-sr">{t('web.wellbeing.dayMinutes', { day: date(`${day.date}T12:00:00`, { weekday: 'long', day: 'numeric', month: 'long' }), count: day.minutes })}</span>
                </li>
              ))}
            </ol>
          </figure>
        </>
      )}
    </Card>
  );
}
