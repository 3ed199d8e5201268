import type { Photo, Species } from './types.js';

const SPECIES_GLYPH: Record<Species, string> = {
  dog: '🐶', cat: '🐱', bird: '🐦', rabbit: '🐰', fish: '🐟', reptile: '🦎', rodent: '🐹', horse: '🐴', other: '🐾',
};

/**
 * One pet photo: the WebP widths as a srcset (the browser picks by the space it has), the JPEG as
 * the plain `src` for anything that cannot show WebP. Lazy, with its size known up front so the
 * page does not jump when it arrives.
 */
export function PetPhoto({ photo, alt, sizes = '(min-width: 40rem) 18rem, 100vw', eager = false, className }: { photo: Photo; alt: string; sizes?: string; eager?: boolean; className?: string }) {
  const webp = photo.variants.filter((v) => v.format === 'webp').sort((a, b) => a.width - b.width);
  const fallback = photo.variants.find((v) => v.format === 'jpeg') ?? webp[webp.length - 1];
  if (!fallback) return null;
  return (
    <img
      className={className ?? 'social-photo'}
      src={fallback.url}
      srcSet={webp.length ? webp.map((v) => `${v.url} ${v.width}w`).join(', ') : undefined}
      sizes={webp.length ? sizes : undefined}
      width={photo.width}
      height={photo.height}
      alt={alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
}

/** Where a pet without photos would show one: a species glyph on the theme's surface, for looks only. */
export function PetPhotoPlaceholder({ species }: { species: Species }) {
  return (
    <div className="social-photo social-photo--empty" aria-hidden="true">
      <span>{SPECIES_GLYPH[species] ?? SPECIES_GLYPH.other}</span>
    </div>
  );
}
