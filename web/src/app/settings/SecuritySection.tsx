import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Card, Stack, TextInput } from '@petamigos/theme';
import { api } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import type { Me } from '../../sdk/session.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms.js';
import { useFocusFirstError } from '../useFocusFirstError.js';
import { Section } from './Section.js';
import { TwoFactorCard } from './TwoFactorCard.js';

/** Password and two-factor authentication. */
export function SecuritySection({ user }: { user: Me }) {
  const t = useT('web');
  return (
    <Section id="security" title={t('settings.security.title')}>
      <PasswordCard />
      <TwoFactorCard user={user} />
    </Section>
  );
}

function PasswordCard() {
  const t = useT('web');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [revoked, setRevoked] = useState<number | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRevoked(null);
    if (next !== repeat) {
      setErrors({ fields: { repeat: t('reset.mismatch') } });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const result = await api.post<{ revokedSessions: number }>('/api/auth/password', { currentPassword: current, newPassword: next });
      setRevoked(result.revokedSessions);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (error) {
      setErrors(formErrors(error, t, { WEAK_PASSWORD: 'newPassword' }, ['currentPassword', 'newPassword']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <form ref={form} className="app-form" onSubmit={submit} noValidate aria-labelledby="settings-password-title">
        <h3 id="settings-password-title" className="app-subtitle">{t('settings.password.title')}</h3>
        {errors.general && <Alert tone="error">{errors.general}</Alert>}
        <TextInput label={t('settings.password.current')} type="password" name="currentPassword" autoComplete="current-password" required maxLength={256}
          value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.fields.currentPassword} />
        <TextInput label={t('settings.password.new')} hint={t('signup.passwordHint')} type="password" name="newPassword" autoComplete="new-password" required maxLength={256}
          value={next} onChange={(e) => setNext(e.target.value)} error={errors.fields.newPassword} />
        <TextInput label={t('settings.password.repeat')} type="password" name="repeatPassword" autoComplete="new-password" required maxLength={256}
          value={repeat} onChange={(e) => setRepeat(e.target.value)} error={errors.fields.repeat} />
        {revoked !== null && <Alert tone="success">{t('settings.password.changed', { count: revoked })}</Alert>}
        <Button type="submit" busy={busy} disabled={busy}>{t('settings.password.submit')}</Button>
      </form>
    </Card>
  );
}
