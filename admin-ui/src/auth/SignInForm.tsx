import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, PageHeader, Stack, TextInput } from '@petamigos/theme';
import { api, ApiError, useSession, useT, type Me, type Tokens } from '@petamigos/web';
import { usePageTitle } from '../common/page-title.js';

/**
 * The same log-in as the app's (`POST /api/auth/login`), inside the admin shell: a deep link such
 * as /admin/users/… stays where it is and shows the page once signed in. When the account has
 * two-factor authentication the server answers TWO_FACTOR_REQUIRED and the form asks for the code.
 */
export function SignInForm() {
  const t = useT('admin');
  const { signIn } = useSession();
  usePageTitle(t('signIn.title'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const second = step === 'code' ? (useRecovery ? { recoveryCode: code.trim() } : { code: code.trim() }) : {};
    try {
      const answer = await api.post<{ user: Me; tokens: Tokens }>('/api/auth/login', { login: login.trim(), password, ...second }, { anonymous: true });
      await signIn(answer.tokens);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', t('errors.network'));
      if (apiError.code === 'TWO_FACTOR_REQUIRED') {
        setStep('code');
        setCode('');
      } else setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => error?.fieldMessage(name);
  const general = error && !field('login') && !field('password') && !field('code') && !field('recoveryCode') ? error.message : undefined;

  return (
    <div className="adm-narrow">
      <PageHeader title={t('signIn.title')} subtitle={t('signIn.subtitle')} />
      <Card>
        <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={general ? 'adm-signin-error' : undefined}>
          <Stack gap={3}>
            {step === 'password' ? (
              <>
                <TextInput label={t('signIn.login')} name="login" autoComplete="username" required value={login} error={field('login')} onChange={(e) => setLogin(e.target.value)} />
                <TextInput label={t('signIn.password')} name="password" type="password" autoComplete="current-password" required value={password} error={field('password')} onChange={(e) => setPassword(e.target.value)} />
              </>
            ) : (
              <>
                <Alert tone="info">{useRecovery ? t('signIn.recoveryPrompt') : t('signIn.codePrompt')}</Alert>
                <TextInput
                  key={useRecovery ? 'recovery' : 'code'}
                  label={useRecovery ? t('signIn.recoveryCode') : t('signIn.code')}
                  name={useRecovery ? 'recoveryCode' : 'code'}
                  autoComplete="one-time-code"
                  inputMode={useRecovery ? 'text' : 'numeric'}
                  required
                  autoFocus
                  value={code}
                  error={field(useRecovery ? 'recoveryCode' : 'code')}
                  onChange={(e) => setCode(e.target.value)}
                />
                <Button type="button" variant="ghost" size="sm" onClick={() => { setUseRecovery((r) => !r); setCode(''); setError(undefined); }}>
                  {useRecovery ? t('signIn.useCode') : t('signIn.useRecovery')}
                </Button>
              </>
            )}
            {general && (
              <div id="adm-signin-error">
                <Alert tone="error">{general}</Alert>
              </div>
            )}
            <Button type="submit" busy={busy} disabled={busy}>
              {step === 'password' ? t('signIn.submit') : t('signIn.verify')}
            </Button>
          </Stack>
        </form>
      </Card>
    </div>
  );
}
