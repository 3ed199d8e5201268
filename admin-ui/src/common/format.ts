import { useFormat } from '@petamigos/web';

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Sizes in the reader's language ("1,5 MB"), in steps of 1024 as storage tools show them. */
export function useBytes(): (bytes: number) => string {
  const { number } = useFormat();
  return (bytes) => {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return number(value, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 });
  };
}

/** A UTC calendar day (`2026-11-23`) as the reader writes it, without shifting it into their time zone. */
export function useDay(): (day: string, style?: 'short' | 'long') => string {
  const { date } = useFormat();
  return (day, style = 'long') => date(`${day}T00:00:00Z`, style === 'short' ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
