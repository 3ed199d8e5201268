import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Alert, Avatar, Button, Card, Stack, TextArea, TextInput } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import { Link } from '../../sdk/router.js';
import { useSession, type Me } from '../../sdk/session.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms.js';
import { isolate } from '../text.js';
import { useFocusFirstError } from '../useFocusFirstError.js';
import { Section } from './Section.js';

/** Display name, bio and avatar (uploaded as the raw image to `PUT /api/users/me/avatar`). */
export function ProfileSection({ user }: { user: Me }) {
  const t = useT('web');
  const { reload } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [bio, setBio] = useState(user.bio);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setErrors(NO_ERRORS);
    try {
      await api.patch('/api/users/me', { displayName: displayName.trim(), bio });
      await reload();
      setSaved(true);
    } catch (error) {
      setErrors(formErrors(error, t, {}, ['displayName', 'bio']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="profile" title={t('settings.profile.title')} intro={t('settings.profile.intro')}>
      {!user.emailVerified && (
        <Alert tone="info">
          {t('settings.profile.unverified', { email: isolate(user.email) })}{' '}
          <Link className="app-link" href="/verify-email">{t('settings.profile.confirm')}</Link>
        </Alert>
      )}
      <AvatarCard user={user} />
      <Card>
        <form ref={form} className="app-form" onSubmit={save} noValidate aria-label={t('settings.profile.title')}>
          {errors.general && <Alert tone="error">{errors.general}</Alert>}
          <TextInput label={t('settings.profile.displayName')} name="displayName" dir="auto" autoComplete="name" required maxLength={80}
            value={displayName} onChange={(e) => { setDisplayName(e.target.value); setSaved(false); }} error={errors.fields.displayName} />
          <TextArea label={t('settings.profile.bio')} hint={t('settings.profile.bioHint', { count: 500 - bio.length })} name="bio" dir="auto" rows={4} maxLength={500}
            value={bio} onChange={(e) => { setBio(e.target.value); setSaved(false); }} error={errors.fields.bio} />
          {saved && <Alert tone="success">{t('settings.saved')}</Alert>}
          <Button type="submit" busy={busy} disabled={busy}>{t('common.save')}</Button>
        </form>
      </Card>
    </Section>
  );
}

function AvatarCard({ user }: { user: Me }) {
  const t = useT('web');
  const { reload } = useSession();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      await api.upload('/api/users/me/avatar', file, 'PUT');
      await reload();
      setMessage({ tone: 'success', text: t('settings.profile.avatarSaved') });
    } catch (error) {
      setMessage({ tone: 'error', text: error instanceof ApiError ? error.message : t('common.networkError') });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setMessage(null);
    try {
      await api.delete('/api/users/me/avatar');
      await reload();
      setMessage({ tone: 'success', text: t('settings.profile.avatarRemoved') });
    } catch (error) {
      setMessage({ tone: 'error', text: error instanceof ApiError ? error.message : t('common.networkError') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <Stack gap={3}>
        <h3 className="app-subtitle">{t('settings.profile.avatar')}</h3>
        <div className="app-avatar-row">
          <Avatar src={user.avatarUrl} name={user.displayName} size="lg" />
          <Stack gap={2}>
            {/* The browser's own file button speaks the browser's language, not the page's: the label is the button. */}
            <input id="settings-avatar-file" className="app-file-input" type="file" accept="image/jpeg,image/png,image/webp,image/gif" onChange={upload} disabled={busy}
              aria-describedby="settings-avatar-hint" />
            <label htmlFor="settings-avatar-file" className="app-cta app-cta--secondary app-file-label">{t('settings.profile.avatarChoose')}</label>
            <span id="settings-avatar-hint" className="app-muted">{t('settings.profile.avatarHint')}</span>
            {user.avatarUrl && <Button variant="secondary" size="sm" onClick={() => void remove()} disabled={busy}>{t('settings.profile.avatarRemove')}</Button>}
          </Stack>
        </div>
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
      </Stack>
    </Card>
  );
}
