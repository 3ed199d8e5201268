import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Card, PageHeader, Stack, TextInput } from '@petamigos/theme';
import { api } from '../../sdk/api.js';
import { boot } from '../../sdk/boot.js';
import { useLocale, useT } from '../../sdk/i18n.js';
import { Link, useLocation, useSearch } from '../../sdk/router.js';
import type { Tokens } from '../../sdk/session-store.js';
import { useSession } from '../../sdk/session.js';
import { formErrors, hasPluginPage, NO_ERRORS, safeNext, type FormErrors } from '../forms.js';
import { useFocusFirstError } from '../useFocusFirstError.js';
import '../app.css';
import { isolate } from '../text.js';

const FIELDS = ['username', 'displayName', 'email', 'password'];

/** `/signup`: a new account in the visitor's language and time zone; on to onboarding when a plugin offers it. */
export default function SignupPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { locale } = useLocale();
  const { signIn } = useSession();
  const [, navigate] = useLocation();
  const next = new URLSearchParams(useSearch()).get('next');
  const [values, setValues] = useState({ username: '', displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [checkMail, setCheckMail] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const result = await api.post<{ tokens: Tokens | null }>('/api/auth/register', {
        username: values.username.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
        language: locale,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }, { anonymous: true });
      if (!result.tokens) {
        // This community wants the address confirmed before the first log-in.
        setCheckMail(values.email.trim());
        return;
      }
      await signIn(result.tokens);
      navigate(hasPluginPage(boot().plugins, '/onboarding') ? '/onboarding' : safeNext(next));
    } catch (error) {
      setErrors(formErrors(error, t, { WEAK_PASSWORD: 'password', USERNAME_TAKEN: 'username', EMAIL_TAKEN: 'email' }, FIELDS));
    } finally {
      setBusy(false);
    }
  }

  if (checkMail) {
    return (
      <div className="app-narrow">
        <Stack gap={4}>
          <PageHeader title={t('signup.checkMailTitle')} />
          <Alert tone="success">{t('signup.checkMail', { email: isolate(checkMail) })}</Alert>
          <Link className="app-link" href="/login">{t('signup.toLogin')}</Link>
        </Stack>
      </div>
    );
  }

  return (
    <div className="app-narrow">
      <Stack gap={4}>
        <PageHeader title={t('signup.title')} subtitle={t('signup.subtitle', { site: boot().site.name })} />
        <Card>
          <form ref={form} className="app-form" onSubmit={submit} noValidate aria-label={t('signup.title')}>
            {errors.general && <Alert tone="error">{errors.general}</Alert>}
            <TextInput label={t('signup.username')} hint={t('signup.usernameHint')} name="username" dir="auto" autoComplete="username" autoCapitalize="none" spellCheck={false} required maxLength={30}
              value={values.username} onChange={set('username')} error={errors.fields.username} />
            <TextInput label={t('signup.displayName')} hint={t('signup.displayNameHint')} name="displayName" dir="auto" autoComplete="name" maxLength={80}
              value={values.displayName} onChange={set('displayName')} error={errors.fields.displayName} />
            <TextInput label={t('signup.email')} type="email" name="email" dir="auto" autoComplete="email" inputMode="email" required maxLength={254}
              value={values.email} onChange={set('email')} error={errors.fields.email} />
            <TextInput label={t('signup.password')} hint={t('signup.passwordHint')} type="password" name="password" autoComplete="new-password" required maxLength={256}
              value={values.password} onChange={set('password')} error={errors.fields.password} />
            <Button type="submit" busy={busy} disabled={busy}>{t('signup.submit')}</Button>
          </form>
        </Card>
        <p className="app-center">
          {t('signup.haveAccount')}{' '}
          <Link className="app-link" href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>{t('signup.toLogin')}</Link>
        </p>
      </Stack>
    </div>
  );
}
