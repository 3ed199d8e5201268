import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, PageHeader, Spinner, Stack } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import { Link, useSearch } from '../../sdk/router.js';
import { useSession } from '../../sdk/session.js';
import '../app.css';
import { isolate } from '../text.js';

type Outcome = { state: 'idle' } | { state: 'checking' } | { state: 'verified' } | { state: 'failed'; message: string };

/**
 * `/verify-email?token=…` (the link in the mail) confirms the address; without a token, a signed-in
 * user whose address is not confirmed yet can ask for a new mail.
 */
export default function VerifyEmailPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { user, status, reload } = useSession();
  const token = new URLSearchParams(useSearch()).get('token');
  const [outcome, setOutcome] = useState<Outcome>(token ? { state: 'checking' } : { state: 'idle' });
  const sent = useRef<string | null>(null);

  useEffect(() => {
    // A token works once: never send the same one twice (re-renders, StrictMode).
    if (!token || sent.current === token) return;
    sent.current = token;
    setOutcome({ state: 'checking' });
    api.post('/api/auth/verify-email', { token }, { anonymous: true }).then(
      () => {
        setOutcome({ state: 'verified' });
        void reload();
      },
      (error: unknown) => setOutcome({ state: 'failed', message: error instanceof ApiError ? error.message : t('common.networkError') }),
    );
  }, [token, reload, t]);

  const needsMail = status === 'signed-in' && user && !user.emailVerified;
  return (
    <div className="app-narrow">
      <Stack gap={4}>
        <PageHeader title={t('verify.title')} />
        {outcome.state === 'checking' && <Spinner label={t('verify.checking')} />}
        {outcome.state === 'verified' && (
          <Stack gap={3}>
            <Alert tone="success">{t('verify.done')}</Alert>
            {status === 'signed-in' ? <Link className="app-link" href="/">{t('verify.continue')}</Link> : <Link className="app-link" href="/login">{t('verify.toLogin')}</Link>}
          </Stack>
        )}
        {outcome.state === 'failed' && <Alert tone="error">{outcome.message}</Alert>}
        {outcome.state !== 'verified' && outcome.state !== 'checking' && (
          needsMail ? <RequestMail email={user.email} />
            : status === 'signed-in' && user?.emailVerified ? <Alert tone="success">{t('verify.already', { email: isolate(user.email) })}</Alert>
            : status === 'signed-out' ? (
              <Card>
                <Stack gap={2}>
                  <p className="app-text">{t('verify.openLink')}</p>
                  <Link className="app-link" href="/login?next=%2Fverify-email">{t('verify.loginToResend')}</Link>
                </Stack>
              </Card>
            ) : null
        )}
      </Stack>
    </div>
  );
}

function RequestMail({ email }: { email: string }) {
  const t = useT('web');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  async function send() {
    setBusy(true);
    try {
      await api.post('/api/auth/verify-email/request');
      setResult({ tone: 'success', text: t('verify.sent', { email: isolate(email) }) });
    } catch (error) {
      setResult({ tone: 'error', text: error instanceof ApiError ? error.message : t('common.networkError') });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card>
      <Stack gap={3}>
        <p className="app-text">{t('verify.pending', { email: isolate(email) })}</p>
        {result && <Alert tone={result.tone}>{result.text}</Alert>}
        <Button onClick={send} busy={busy} disabled={busy}>{t('verify.resend')}</Button>
      </Stack>
    </Card>
  );
}
