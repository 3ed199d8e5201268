import type { ReactNode } from 'react';
import { Stack } from '@petamigos/theme';

/** One settings section: a titled region, so landmarks and headings tell where the reader is. */
export function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`settings-${id}-title`} id={`settings-${id}`}>
      <Stack gap={3}>
        {/* The selected tab shows the title; the heading is for landmarks and screen readers. */}
        <h2 id={`settings-${id}-title`} className="app-sr-only">{title}</h2>
        {intro && <p className="app-muted app-text">{intro}</p>}
        {children}
      </Stack>
    </section>
  );
}
