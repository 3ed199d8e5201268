import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Select, TextArea, TextInput } from '@petamigos/theme';
import { ApiError, api, useT } from '@petamigos/web';
import { today } from './age.js';
import { PetPhoto } from './pet-photo.js';
import { API, SPECIES, SPECIES_KEY, type Pet, type Photo, type Species } from './types.js';

type Field = 'name' | 'species' | 'breed' | 'birthDate' | 'bio' | 'photo';
const FIELDS: Field[] = ['name', 'species', 'breed', 'birthDate', 'bio'];

export interface PetFormProps {
  /** The pet to edit; without it the form adds a new one. */
  pet?: Pet;
  submitLabel: string;
  onSaved(pet: Pet): void;
  onCancel?(): void;
  /** Shown after the buttons (onboarding's "skip"). */
  footer?: ReactNode;
}

/** A chosen file and the object URL that previews it, released when the choice changes. */
function usePreview(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  return url;
}

/**
 * Adds or edits a pet, photo included. The profile is saved first and the photo uploaded to it
 * after (the API takes photos of an existing pet); if the upload fails, the form goes on editing
 * the pet it just made, so trying again does not add the pet twice.
 */
export function PetForm({ pet, submitLabel, onSaved, onCancel, footer }: PetFormProps) {
  const t = useT('social');
  const [current, setCurrent] = useState<Pet | undefined>(pet);
  const [name, setName] = useState(pet?.name ?? '');
  const [species, setSpecies] = useState<Species | ''>(pet?.species ?? '');
  const [breed, setBreed] = useState(pet?.breed ?? '');
  const [birthDate, setBirthDate] = useState(pet?.birthDate ?? '');
  const [bio, setBio] = useState(pet?.bio ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const preview = usePreview(file);
  const fileInput = useRef<HTMLInputElement>(null);
  const photoId = useId();

  const clearFile = () => {
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const fail = (error: unknown, stage: 'profile' | 'photo') => {
    const apiError = error instanceof ApiError ? error : null;
    const message = apiError?.message ?? t('web.error.network');
    if (stage === 'photo') return setErrors({ photo: t('web.petForm.photoFailed', { name: name.trim(), message }) });
    if (apiError?.code === 'INVALID_BIRTH_DATE') return setErrors({ birthDate: message });
    const named = Object.fromEntries(FIELDS.flatMap((f) => {
      const fieldMessage = apiError?.fieldMessage(f);
      return fieldMessage ? [[f, fieldMessage]] : [];
    }));
    if (Object.keys(named).length) setErrors(named);
    else setFormError(message);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !species) return;
    setBusy(true);
    setErrors({});
    setFormError(null);
    let saved: Pet;
    try {
      const fields = { name: name.trim(), species, bio: bio.trim() };
      saved = current
        ? await api.patch<Pet>(`${API}/pets/${current.id}`, { ...fields, breed: breed.trim() || null, birthDate: birthDate || null })
        : await api.post<Pet>(`${API}/pets`, { ...fields, ...(breed.trim() ? { breed: breed.trim() } : {}), ...(birthDate ? { birthDate } : {}) });
      setCurrent(saved);
    } catch (error) {
      fail(error, 'profile');
      setBusy(false);
      return;
    }
    try {
      for (const id of removed) await api.delete(`${API}/pets/${saved.id}/photos/${id}`);
      let photos = saved.photos.filter((p) => !removed.has(p.id));
      setRemoved(new Set());
      setCurrent({ ...saved, photos });
      if (file) {
        const photo = await api.upload<Photo>(`${API}/pets/${saved.id}/photos`, file);
        photos = [...photos, photo];
        clearFile();
      }
      onSaved({ ...saved, photos });
    } catch (error) {
      fail(error, 'photo');
    } finally {
      setBusy(false);
    }
  }

  const toggleRemoved = (id: string) => setRemoved((set) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  });

  return (
    <form className="social-form" onSubmit={submit} aria-busy={busy || undefined}>
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextInput label={t('web.petForm.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} autoComplete="off" error={errors.name} />
      <Select
        label={t('web.petForm.species')}
        value={species}
        onChange={(e) => setSpecies(e.target.value as Species)}
        required
        error={errors.species}
        options={[{ value: '', label: t('web.petForm.chooseSpecies') }, ...SPECIES.map((s) => ({ value: s, label: t(SPECIES_KEY[s]) }))]}
      />
      <TextInput label={t('web.petForm.breed')} hint={t('web.petForm.optional')} value={breed} onChange={(e) => setBreed(e.target.value)} maxLength={80} autoComplete="off" error={errors.breed} />
      <TextInput label={t('web.petForm.birthDate')} hint={t('web.petForm.birthDateHint')} type="date" value={birthDate} max={today()} onChange={(e) => setBirthDate(e.target.value)} error={errors.birthDate} />
      <TextArea label={t('web.petForm.bio')} hint={t('web.petForm.bioHint')} value={bio} onChange={(e) => setBio(e.target.value)} maxLength={1000} rows={3} error={errors.bio} />

      {current && current.photos.length > 0 && (
        <fieldset className="social-fieldset">
          <legend>{t('web.petForm.photos')}</legend>
          <ul className="social-photo-grid">
            {current.photos.map((photo, n) => {
              const gone = removed.has(photo.id);
              return (
                <li key={photo.id} className={gone ? 'social-photo-grid__item social-photo-grid__item--removed' : 'social-photo-grid__item'}>
                  <PetPhoto photo={photo} className="social-thumb" sizes="6rem" alt={t('web.pet.photoNumber', { name: current.name, number: n + 1 })} />
                  <Button type="button" size="sm" variant="ghost" aria-pressed={gone} onClick={() => toggleRemoved(photo.id)}>
                    {gone ? t('web.petForm.keepPhoto') : t('web.petForm.removePhoto')}
                  </Button>
                </li>
              );
            })}
          </ul>
          {removed.size > 0 && <p className="social-muted">{t('web.petForm.removedOnSave', { count: removed.size })}</p>}
        </fieldset>
      )}

      <div className="social-field">
        <label htmlFor={photoId} className="social-label">{current?.photos.length ? t('web.petForm.addPhoto') : t('web.petForm.photo')}</label>
        <input
          ref={fileInput}
          id={photoId}
          className="social-file"
          type="file"
          accept="image/*"
          aria-describedby={`${photoId}-hint${errors.photo ? ` ${photoId}-error` : ''}`}
          aria-invalid={errors.photo ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <p id={`${photoId}-hint`} className="social-muted">{t('web.petForm.photoHint')}</p>
        {errors.photo && <p id={`${photoId}-error`} role="alert" className="social-error">{errors.photo}</p>}
        {preview && (
          <div className="social-preview">
            <img src={preview} alt={t('web.petForm.photoPreview')} className="social-preview__image" />
            <Button type="button" size="sm" variant="ghost" onClick={clearFile}>{t('web.petForm.clearPhoto')}</Button>
          </div>
        )}
      </div>

      <div className="social-actions">
        <Button type="submit" busy={busy} disabled={busy}>{submitLabel}</Button>
        {onCancel && <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>{t('web.dialog.cancel')}</Button>}
        {footer}
      </div>
    </form>
  );
}
