import { benchMedia } from './media-bench.js';
import { figure, isUnit, type Figure } from './figures.js';

/** The media figures (`media-bench.ts`) in the table's shape: the kernel pipeline is the "kernel" side. */
export async function mediaFigures(log: (message: string) => void, note: (message: string) => void, parentDir: string): Promise<Figure[]> {
  const results = await benchMedia({ log, note, parentDir });
  return results.map((m) => {
    if (!isUnit(m.unit)) throw new Error(`media figure "${m.figure}" has unit "${m.unit}", which the report does not know`);
    const kind = m.figure.split(':')[0]!.trim();
    return figure(`media.${kind}`, `[media] ${m.figure}`, m.unit, m.ours, m.baseline, m.detail);
  });
}
