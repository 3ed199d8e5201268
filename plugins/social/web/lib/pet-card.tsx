import type { ReactNode } from 'react';
import { Card } from '@petamigos/theme';
import { useFormat, useLocale, useT } from '@petamigos/web';
import { petAge } from './age.js';
import { PetPhoto, PetPhotoPlaceholder } from './pet-photo.js';
import { SPECIES_KEY, type Pet } from './types.js';

/** A pet as its person's profile shows it: cover photo, name, species and breed, age, bio. */
export function PetCard({ pet, actions }: { pet: Pet; actions?: ReactNode }) {
  const t = useT('social');
  const { locale } = useLocale();
  const format = useFormat();
  const cover = pet.photos[0];
  const age = pet.birthDate ? petAge(pet.birthDate, locale) : null;
  const kind = [t(SPECIES_KEY[pet.species]), pet.breed].filter(Boolean).join(' · ');
  return (
    <Card as="article" className="social-pet-card" aria-label={pet.name}>
      {cover ? <PetPhoto photo={cover} alt={t('web.pet.photoOf', { name: pet.name })} /> : <PetPhotoPlaceholder species={pet.species} />}
      <div className="social-pet-card__body">
        <h3 className="social-pet-card__name" dir="auto">{pet.name}</h3>
        <p className="social-muted"><bdi>{kind}</bdi></p>
        {age && pet.birthDate && (
          <p className="social-muted">{t('web.pet.age', { age, date: format.date(`${pet.birthDate}T12:00:00`, { dateStyle: 'long' }) })}</p>
        )}
        {pet.bio && <p className="social-text" dir="auto">{pet.bio}</p>}
        {pet.photos.length > 1 && (
          <ul className="social-thumbs" aria-label={t('web.pet.morePhotos', { name: pet.name })}>
            {pet.photos.slice(1).map((photo, n) => (
              <li key={photo.id}>
                <PetPhoto photo={photo} className="social-thumb" sizes="5rem" alt={t('web.pet.photoNumber', { name: pet.name, number: n + 2 })} />
              </li>
            ))}
          </ul>
        )}
        {actions && <div className="social-actions">{actions}</div>}
      </div>
    </Card>
  );
}
