import { useRef, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Row, Stack, TextInput } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import { useSession, type Me } from '../../sdk/session.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms.js';

interface Setup {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

/**
 * Two-factor authentication: set up (scan the QR code or type the key, confirm with a first code),
 * see the ten recovery codes once, or turn it off with a code.
 */
export function TwoFactorCard({ user }: { user: Me }) {
  const t = useT('web');
  const { reload } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function begin() {
    setBusy(true);
    setError(null);
    try {
      setSetup(await api.post<Setup>('/api/auth/2fa/setup'));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  }

  let body;
  if (codes) {
    body = <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  } else if (setup) {
    body = (
      <ConfirmSetup setup={setup} onCancel={() => setSetup(null)} onConfirmed={async (recovery) => {
        setSetup(null);
        setCodes(recovery);
        await reload();
      }} />
    );
  } else if (user.twoFactorEnabled) {
    body = <Disable onDisabled={() => void reload()} />;
  } else {
    body = (
      <Stack gap={3}>
        <p className="app-text">{t('settings.twoFactor.offText')}</p>
        {error && <Alert tone="error">{error}</Alert>}
        <Button onClick={() => void begin()} busy={busy} disabled={busy}>{t('settings.twoFactor.setUp')}</Button>
      </Stack>
    );
  }

  return (
    <Card>
      <section aria-labelledby="settings-2fa-title">
        <Stack gap={3}>
          <Row gap={2} align="center" justify="between" wrap>
            <h3 id="settings-2fa-title" className="app-subtitle">{t('settings.twoFactor.title')}</h3>
            <Badge tone={user.twoFactorEnabled ? 'success' : 'neutral'}>{user.twoFactorEnabled ? t('settings.twoFactor.on') : t('settings.twoFactor.off')}</Badge>
          </Row>
          {body}
        </Stack>
      </section>
    </Card>
  );
}

function ConfirmSetup({ setup, onCancel, onConfirmed }: { setup: Setup; onCancel(): void; onConfirmed(codes: string[]): Promise<void> }) {
  const t = useT('web');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const result = await api.post<{ recoveryCodes: string[] }>('/api/auth/2fa/confirm', { code: code.replace(/\s+/g, '') });
      await onConfirmed(result.recoveryCodes);
    } catch (error) {
      const found = formErrors(error, t, { INVALID_TWO_FACTOR_CODE: 'code' }, ['code']);
      if (found.fields.code && (error as ApiError).code === 'VALIDATION_FAILED') found.fields.code = t('login.codeInvalid');
      setErrors(found);
      form.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="app-form" onSubmit={submit} noValidate aria-label={t('settings.twoFactor.title')}>
      <ol className="app-form">
        <li>
          <Stack gap={2}>
            <p className="app-text">{t('settings.twoFactor.scan')}</p>
            <img className="app-qr" src={setup.qrCodeDataUrl} alt={t('settings.twoFactor.qrAlt')} width={192} height={192} />
            <p className="app-text app-muted">{t('settings.twoFactor.manual')}</p>
            <code id="two-factor-secret" className="app-code">{setup.secret}</code>
          </Stack>
        </li>
        <li>
          <TextInput label={t('settings.twoFactor.code')} hint={t('login.codeHint')} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7}
            value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
        </li>
      </ol>
      {errors.general && <Alert tone="error">{errors.general}</Alert>}
      <Row gap={2} wrap>
        <Button type="submit" busy={busy} disabled={busy}>{t('settings.twoFactor.confirm')}</Button>
        <Button type="button" variant="ghost" onClick={onCancel}>{t('common.cancel')}</Button>
      </Row>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const t = useT('web');
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n');

  function download() {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'petamigos-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <Stack gap={3}>
      <Alert tone="success">{t('settings.twoFactor.enabled')}</Alert>
      <p className="app-text"><strong>{t('settings.twoFactor.codesTitle')}</strong> {t('settings.twoFactor.codesText')}</p>
      <ul className="app-codes" aria-label={t('settings.twoFactor.codesTitle')} id="recovery-codes">
        {codes.map((c) => <li key={c} className="app-code">{c}</li>)}
      </ul>
      <Row gap={2} wrap>
        <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined)}>
          {copied ? t('settings.twoFactor.copied') : t('settings.twoFactor.copy')}
        </Button>
        <Button variant="secondary" onClick={download}>{t('settings.twoFactor.download')}</Button>
        <Button onClick={onDone}>{t('settings.twoFactor.saved')}</Button>
      </Row>
    </Stack>
  );
}

function Disable({ onDisabled }: { onDisabled(): void }) {
  const t = useT('web');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post('/api/auth/2fa/disable', useRecovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s+/g, '') });
      setCode('');
      onDisabled();
    } catch (error) {
      const found = formErrors(error, t, { INVALID_TWO_FACTOR_CODE: 'code' }, ['code', 'recoveryCode']);
      const field = found.fields.code ?? found.fields.recoveryCode;
      setErrors(field ? { fields: { code: (error as ApiError).code === 'VALIDATION_FAILED' ? t(useRecovery ? 'login.recoveryInvalid' : 'login.codeInvalid') : field } } : found);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="app-form" onSubmit={submit} noValidate aria-label={t('settings.twoFactor.disable')}>
      <p className="app-text">{t('settings.twoFactor.onText')}</p>
      {errors.general && <Alert tone="error">{errors.general}</Alert>}
      {useRecovery ? (
        <TextInput key="recovery" label={t('login.recoveryCode')} name="recoveryCode" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={20}
          value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
      ) : (
        <TextInput key="code" label={t('settings.twoFactor.code')} hint={t('login.codeHint')} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7}
          value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
      )}
      <Row gap={2} wrap>
        <Button type="submit" variant="danger" busy={busy} disabled={busy}>{t('settings.twoFactor.disable')}</Button>
        <Button type="button" variant="ghost" onClick={() => { setUseRecovery((r) => !r); setCode(''); setErrors(NO_ERRORS); }}>
          {useRecovery ? t('login.useCode') : t('login.useRecovery')}
        </Button>
      </Row>
    </form>
  );
}
