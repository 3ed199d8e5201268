import { useId } from 'react';
import { useT } from '@petamigos/web';

export interface Datum {
  key: string;
  /** How the point is named in the table and the tooltip (a formatted day or hour). */
  label: string;
  /** A short form for the axis (first, middle and last points only). */
  tick?: string;
  value: number;
}

interface Props {
  title: string;
  /** One sentence that says what the chart shows (total, peak): the chart's text alternative. */
  summary: string;
  data: Datum[];
  kind: 'bar' | 'line';
  /** Column headings of the table alternative. */
  labelHeader: string;
  valueHeader: string;
  format(value: number): string;
  /** Categories (job states) name every bar; a time series names its first, middle and last point. */
  axis?: 'ends' | 'every';
}

// The plot is drawn in a fixed coordinate space and stretched to its box; strokes keep their width.
const STEP = 10;
const HEIGHT = 100;

/** 1, 2 or 5 times a power of ten, at least `value`: an axis top a person reads at a glance. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((n) => n >= value) ?? 10 * power);
}

/**
 * A small accessible chart, drawn by hand in SVG (no chart library): the SVG carries the title and
 * the summary as its accessible name, every bar or point its value as a tooltip, and a table with
 * every figure sits under it for screen readers and for anyone who wants the numbers.
 */
export function Chart({ title, summary, data, kind, labelHeader, valueHeader, format, axis = 'ends' }: Props) {
  const t = useT('admin');
  const id = useId();
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const width = Math.max(1, data.length) * STEP;
  const y = (value: number) => HEIGHT - (value / max) * HEIGHT;
  const ticks = axis === 'ends' && data.length > 2 ? [data[0]!, data[Math.floor((data.length - 1) / 2)]!, data[data.length - 1]!] : data;
  const line = data.map((d, i) => `${i * STEP + STEP / 2},${y(d.value)}`).join(' ');

  return (
    <figure className="adm-chart" aria-labelledby={`${id}-title`}>
      <figcaption className="adm-chart__caption">
        <h3 className="adm-chart__title" id={`${id}-title`}>
          {title}
        </h3>
        <p className="adm-chart__summary" id={`${id}-summary`}>
          {summary}
        </p>
      </figcaption>
      <div className="adm-chart__plot">
        <div className="adm-chart__y" aria-hidden="true">
          <span>{format(max)}</span>
          <span>{format(0)}</span>
        </div>
        <svg className="adm-chart__svg" viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
          {[0, 0.5, 1].map((f) => (
            <line key={f} className="adm-chart__grid" x1={0} x2={width} y1={HEIGHT * f} y2={HEIGHT * f} vectorEffect="non-scaling-stroke" />
          ))}
          {kind === 'bar'
            ? data.map((d, i) => (
                <rect key={d.key} className="adm-chart__bar" x={i * STEP + 1.5} width={STEP - 3} y={y(d.value)} height={HEIGHT - y(d.value)}>
                  <title>{`${d.label}: ${format(d.value)}`}</title>
                </rect>
              ))
            : data.length > 0 && (
                <>
                  <polygon className="adm-chart__area" points={`${STEP / 2},${HEIGHT} ${line} ${(data.length - 1) * STEP + STEP / 2},${HEIGHT}`} />
                  <polyline className="adm-chart__line" points={line} vectorEffect="non-scaling-stroke" />
                  {data.map((d, i) => (
                    // Invisible columns give each point a tooltip without dots that would stretch.
                    <rect key={d.key} className="adm-chart__hit" x={i * STEP} width={STEP} y={0} height={HEIGHT}>
                      <title>{`${d.label}: ${format(d.value)}`}</title>
                    </rect>
                  ))}
                </>
              )}
        </svg>
      </div>
      <div className={`adm-chart__x${axis === 'every' ? ' adm-chart__x--every' : ''}`} aria-hidden="true">
        {ticks.map((d) => (
          <span key={d.key}>{d.tick ?? d.label}</span>
        ))}
      </div>
      <details className="adm-chart__table">
        <summary>{t('charts.showTable')}</summary>
        <div className="adm-table-scroll">
          <table className="adm-table">
            <caption className="adm-visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                <th scope="col" className="adm-num">
                  {valueHeader}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.key}>
                  <th scope="row">{d.label}</th>
                  <td className="adm-num">{format(d.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
