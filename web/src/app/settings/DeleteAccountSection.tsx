import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Modal, Row, Stack, TextInput, useToast } from '@petamigos/theme';
import { api } from '../../sdk/api.js';
import { useT } from '../../sdk/i18n.js';
import { useLocation } from '../../sdk/router.js';
import { session } from '../../sdk/session-store.js';
import type { Me } from '../../sdk/session.js';
import { formErrors, NO_ERRORS, type FormErrors } from '../forms.js';
import { Section } from './Section.js';
import { isolate } from '../text.js';

/**
 * Deleting the account, behind a dialog that asks for the username typed out (so it is never a
 * slip), the password, and a two-factor code when that is on — what `DELETE /api/users/me` needs.
 */
export function DeleteAccountSection({ user }: { user: Me }) {
  const t = useT('web');
  const toast = useToast();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const matches = typed.trim() === user.username;

  function close() {
    setOpen(false);
    setTyped('');
    setPassword('');
    setCode('');
    setErrors(NO_ERRORS);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!matches) {
      setErrors({ fields: { confirm: t('settings.delete.typeMismatch') } });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const second = user.twoFactorEnabled ? (/^\d{6}$/.test(code.replace(/\s+/g, '')) ? { code: code.replace(/\s+/g, '') } : { recoveryCode: code.trim() }) : {};
      await api.delete('/api/users/me', { body: { password, ...second } });
      // The account and its sessions are gone: forget the tokens here too.
      session.set(null);
      toast(t('settings.delete.done'), 'success');
      navigate('/');
    } catch (error) {
      setErrors(formErrors(error, t, { INVALID_TWO_FACTOR_CODE: 'code' }, ['password', 'code']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="account" title={t('settings.delete.title')} intro={t('settings.delete.intro')}>
      <Card>
        <Stack gap={3}>
          <p className="app-text">{t('settings.delete.warning')}</p>
          <Button variant="danger" onClick={() => setOpen(true)}>{t('settings.delete.open')}</Button>
        </Stack>
      </Card>
      <Modal open={open} title={t('settings.delete.confirmTitle')} onClose={close} closeLabel={t('common.close')}>
        <form className="app-form" onSubmit={submit} noValidate aria-label={t('settings.delete.confirmTitle')}>
          <Alert tone="error">{t('settings.delete.irreversible')}</Alert>
          {errors.general && <Alert tone="error">{errors.general}</Alert>}
          <TextInput label={t('settings.delete.typeUsername', { username: isolate(user.username) })} name="confirmUsername" dir="auto" autoComplete="off" autoCapitalize="none" spellCheck={false}
            value={typed} onChange={(e) => setTyped(e.target.value)} error={errors.fields.confirm} />
          <TextInput label={t('settings.delete.password')} type="password" name="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
          {user.twoFactorEnabled && (
            <TextInput label={t('settings.delete.code')} name="code" autoComplete="one-time-code" maxLength={20}
              value={code} onChange={(e) => setCode(e.target.value)} error={errors.fields.code} />
          )}
          <Row gap={2} wrap>
            <Button type="submit" variant="danger" busy={busy} disabled={busy || !matches || !password}>{t('settings.delete.confirm')}</Button>
            <Button type="button" variant="ghost" onClick={close}>{t('common.cancel')}</Button>
          </Row>
        </form>
      </Modal>
    </Section>
  );
}
