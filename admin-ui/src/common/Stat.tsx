import type { ReactNode } from 'react';

/** One figure on a dashboard: the number large, what it is under it. */
export function Stat({ label, value, note, tone }: { label: string; value: string; note?: ReactNode; tone?: 'danger' }) {
  return (
    <div className={`adm-stat${tone === 'danger' ? ' adm-stat--danger' : ''}`}>
      <dt className="adm-stat__label">{label}</dt>
      <dd className="adm-stat__value">{value}</dd>
      {note && <dd className="adm-stat__note">{note}</dd>}
    </div>
  );
}
