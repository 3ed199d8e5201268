import { useState } from 'react';
import type { ThemeModule } from '@petamigos/web';

/** Up to two letters: the first of the first and last words ("Ana María Pérez" → "AP"). */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? '?')[0] ?? '?';
  const last = words.length > 1 ? (Array.from(words[words.length - 1]!)[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

/** A stable tint per name, so the same person keeps the same colour everywhere. */
function tone(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 6;
}

/**
 * A person's picture, or their initials on a tint when there is none (or it fails to load).
 * Decorative: the name is always beside it or on the control that holds it.
 */
export const Avatar: ThemeModule['Avatar'] = ({ src, name, size = 'md' }) => {
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return <img className={`pa-avatar pa-avatar--${size}`} src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(src)} />;
  }
  return (
    <span className={`pa-avatar pa-avatar--${size} pa-avatar--t${tone(name)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
};
