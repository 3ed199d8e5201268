import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Card, PageHeader, Stack, TextInput } from '@petamigos/theme';
import { api } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import { Link, useSearch } from '../../sdk/router.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms.js';
import { useFocusFirstError } from '../useFocusFirstError.js';
import '../app.css';
import { isolate } from '../text.js';

/** `/reset-password` asks for the mail; `/reset-password?token=…` (the link in it) sets the new password. */
export default function ResetPasswordPage(_props: { params: Record<string, string | undefined> }) {
  const token = new URLSearchParams(useSearch()).get('token');
  return <div className="app-narrow">{token ? <NewPassword token={token} /> : <RequestLink />}</div>;
}

function RequestLink() {
  const t = useT('web');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post('/api/auth/password-reset/request', { email: email.trim() }, { anonymous: true });
      setSentTo(email.trim());
    } catch (error) {
      setErrors(formErrors(error, t, {}, ['email']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap={4}>
      <PageHeader title={t('reset.title')} subtitle={sentTo ? undefined : t('reset.subtitle')} />
      {sentTo ? (
        <Stack gap={3}>
          <Alert tone="success">{t('reset.sent', { email: isolate(sentTo) })}</Alert>
          <Link className="app-link" href="/login">{t('reset.toLogin')}</Link>
        </Stack>
      ) : (
        <Card>
          <form ref={form} className="app-form" onSubmit={submit} noValidate aria-label={t('reset.title')}>
            {errors.general && <Alert tone="error">{errors.general}</Alert>}
            <TextInput label={t('reset.email')} type="email" name="email" dir="auto" autoComplete="email" inputMode="email" required maxLength={254}
              value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
            <Button type="submit" busy={busy} disabled={busy}>{t('reset.send')}</Button>
            <Link className="app-link" href="/login">{t('reset.toLogin')}</Link>
          </form>
        </Card>
      )}
    </Stack>
  );
}

function NewPassword({ token }: { token: string }) {
  const t = useT('web');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [badLink, setBadLink] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) {
      setErrors({ fields: { repeat: t('reset.mismatch') } });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post('/api/auth/password-reset', { token, newPassword: password }, { anonymous: true });
      setDone(true);
    } catch (error) {
      const found = formErrors(error, t, { WEAK_PASSWORD: 'newPassword' }, ['newPassword']);
      setBadLink(!found.fields.newPassword && (error as { code?: string }).code === 'INVALID_TOKEN');
      setErrors(found);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Stack gap={4}>
        <PageHeader title={t('reset.newTitle')} />
        <Alert tone="success">{t('reset.done')}</Alert>
        <Link className="app-link" href="/login">{t('reset.toLogin')}</Link>
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <PageHeader title={t('reset.newTitle')} subtitle={t('reset.newSubtitle')} />
      <Card>
        <form ref={form} className="app-form" onSubmit={submit} noValidate aria-label={t('reset.newTitle')}>
          {errors.general && <Alert tone="error">{errors.general}</Alert>}
          {badLink && <Link className="app-link" href="/reset-password">{t('reset.again')}</Link>}
          <TextInput label={t('reset.newPassword')} hint={t('signup.passwordHint')} type="password" name="newPassword" autoComplete="new-password" required maxLength={256}
            value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.newPassword} />
          <TextInput label={t('reset.repeat')} type="password" name="repeat" autoComplete="new-password" required maxLength={256}
            value={repeat} onChange={(e) => setRepeat(e.target.value)} error={errors.fields.repeat} />
          <Button type="submit" busy={busy} disabled={busy}>{t('reset.save')}</Button>
        </form>
      </Card>
    </Stack>
  );
}
