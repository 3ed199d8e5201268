import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Card, PageHeader, Stack, TextInput } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useLocale, useT } from '../../sdk/i18n.js';
import { Link, useLocation, useSearch } from '../../sdk/router.js';
import type { Tokens } from '../../sdk/session-store.js';
import { useSession } from '../../sdk/session.js';
import { formErrors, NO_ERRORS, safeNext, type FormErrors } from '../forms.js';
import { useFocusFirstError } from '../useFocusFirstError.js';
import '../app.css';

/**
 * `/login`: username or email and password; when the account has two-factor on, the API answers
 * `TWO_FACTOR_REQUIRED` and a second step asks for the app's code (or a recovery code).
 */
export default function LoginPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { signIn } = useSession();
  const { locale, setLocale } = useLocale();
  const [, navigate] = useLocation();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, errors);
  useEffect(() => {
    if (step === 'code') form.current?.querySelector<HTMLInputElement>('input[name="code"], input[name="recoveryCode"]')?.focus();
  }, [step, useRecovery]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    const second = step === 'code' ? (useRecovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s+/g, '') }) : {};
    try {
      const result = await api.post<{ tokens: Tokens }>('/api/auth/login', { login: login.trim(), password, ...second }, { anonymous: true });
      const me = await signIn(result.tokens);
      // The account's language wins over this browser's (API errors, mail and notifications speak it too).
      if (me && me.language !== locale) await setLocale(me.language).catch(() => undefined);
      navigate(next);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED') {
        setStep('code');
      } else if (step === 'code' && error instanceof ApiError && (error.code === 'INVALID_TWO_FACTOR_CODE' || error.code === 'VALIDATION_FAILED')) {
        setErrors({ fields: { code: error.code === 'VALIDATION_FAILED' ? t(useRecovery ? 'login.recoveryInvalid' : 'login.codeInvalid') : error.message } });
      } else {
        setErrors(formErrors(error, t, {}, ['login', 'password']));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="app-narrow">
      <Stack gap={4}>
        <PageHeader title={step === 'code' ? t('login.codeTitle') : t('login.title')} subtitle={step === 'code' ? t(useRecovery ? 'login.recoverySubtitle' : 'login.codeSubtitle') : undefined} />
        <Card>
          <form ref={form} className="app-form" onSubmit={submit} noValidate aria-label={t('login.title')}>
            {errors.general && <Alert tone="error">{errors.general}</Alert>}
            {step === 'password' ? (
              <>
                <TextInput label={t('login.login')} name="login" dir="auto" autoComplete="username" autoCapitalize="none" spellCheck={false} required maxLength={254}
                  value={login} onChange={(e) => setLogin(e.target.value)} error={errors.fields.login} />
                <TextInput label={t('login.password')} type="password" name="password" autoComplete="current-password" required maxLength={256}
                  value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
                <Button type="submit" busy={busy} disabled={busy}>{t('login.submit')}</Button>
                <Link className="app-link" href="/reset-password">{t('login.forgot')}</Link>
              </>
            ) : (
              <>
                {useRecovery ? (
                  <TextInput key="recovery" label={t('login.recoveryCode')} name="recoveryCode" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={20}
                    value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
                ) : (
                  <TextInput key="code" label={t('login.code')} hint={t('login.codeHint')} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7}
                    value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
                )}
                <Button type="submit" busy={busy} disabled={busy}>{t('login.verify')}</Button>
                <Button type="button" variant="ghost" onClick={() => { setUseRecovery((r) => !r); setCode(''); setErrors(NO_ERRORS); }}>
                  {useRecovery ? t('login.useCode') : t('login.useRecovery')}
                </Button>
                <Button type="button" variant="ghost" onClick={() => { setStep('password'); setCode(''); setErrors(NO_ERRORS); }}>{t('login.back')}</Button>
              </>
            )}
          </form>
        </Card>
        {step === 'password' && (
          <p className="app-center">
            {t('login.noAccount')}{' '}
            <Link className="app-link" href={next !== '/' ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('login.toSignup')}</Link>
          </p>
        )}
      </Stack>
    </div>
  );
}
