import type { ReactNode } from 'react';
import { Stack } from '@petamigos/theme';

/** One settings section: a titled region, so landmarks and headings tell where the reader is. */
export function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`settings-${id}-title`} id={`settings-${id}`}>
      <Stack gap={3}>
        <h2 id={`settings-${id}-title`} className="app-section-title">{title}</h2>
        {intro && <p className="app-muted app-text">{intro}</p>}
        {children}
      </Stack>
    </section>
  );
}
