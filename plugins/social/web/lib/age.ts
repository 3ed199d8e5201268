/**
 * A pet's age from its birth date (`YYYY-MM-DD`), in the largest whole unit that fits, worded by
 * the browser's Intl data ("3 years", "3 años", "٣ سنوات"), so no plural rules live in our strings.
 */
export function petAge(birthDate: string, locale: string, now: Date = new Date()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const months = (now.getFullYear() - year) * 12 + (now.getMonth() + 1 - month) - (now.getDate() < day ? 1 : 0);
  const format = (value: number, unit: 'year' | 'month' | 'week' | 'day') => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  if (months >= 12) return format(Math.floor(months / 12), 'year');
  if (months >= 1) return format(months, 'month');
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.max(0, Math.round((today - Date.UTC(year, month - 1, day)) / 86_400_000));
  return days >= 7 ? format(Math.floor(days / 7), 'week') : format(days, 'day');
}

/** Today as `YYYY-MM-DD` in the browser's time zone: the latest birth date a form may take. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
