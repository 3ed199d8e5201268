import { useState } from 'react';
import { Alert, Badge, Button, Card, Row, Skeleton, Stack } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useFormat, useT } from '../../sdk/i18n.js';
import { useSession } from '../../sdk/session.js';
import { useApi } from '../../sdk/use-api.js';
import { describeDevice } from './device.js';
import { Section } from './Section.js';

interface SessionRow {
  id: string;
  device: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** Where the account is signed in; any other session can be signed out from here. */
export function SessionsSection() {
  const t = useT('web');
  const format = useFormat();
  const { signOut } = useSession();
  const sessions = useApi<{ items: SessionRow[] }>('/api/auth/sessions');
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(0);

  async function revoke(id: string) {
    setRevoking(id);
    setError(null);
    try {
      await api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`);
      sessions.setData((current) => ({ items: (current?.items ?? []).filter((s) => s.id !== id) }));
      setRevoked((n) => n + 1);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('common.networkError'));
    } finally {
      setRevoking(null);
    }
  }

  const device = (s: SessionRow) => {
    const { browser, os } = describeDevice(s.device);
    if (browser && os) return t('settings.sessions.device', { browser, os });
    return browser ?? os ?? t('settings.sessions.unknownDevice');
  };

  return (
    <Section id="sessions" title={t('settings.sessions.title')} intro={t('settings.sessions.intro')}>
      {sessions.loading && !sessions.data && <Skeleton lines={3} label={t('loading')} />}
      {sessions.error && <Alert tone="error">{sessions.error.message}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <div role="status" className="app-sr-only">{revoked > 0 ? t('settings.sessions.revoked') : ''}</div>
      {sessions.data && (
        <ul className="app-list" aria-label={t('settings.sessions.title')}>
          {sessions.data.items.map((s) => (
            <Card as="li" key={s.id} aria-label={device(s)}>
              <Stack gap={2}>
                <Row gap={2} align="center" justify="between" wrap>
                  <strong className="app-text">{device(s)}</strong>
                  {s.current && <Badge tone="primary">{t('settings.sessions.thisDevice')}</Badge>}
                </Row>
                <dl className="app-dl">
                  <dt>{t('settings.sessions.ip')}</dt>
                  <dd className="app-code">{s.ip || '—'}</dd>
                  <dt>{t('settings.sessions.lastUsed')}</dt>
                  <dd><time dateTime={s.lastUsedAt} title={format.dateTime(s.lastUsedAt)}>{format.relative(s.lastUsedAt)}</time></dd>
                  <dt>{t('settings.sessions.started')}</dt>
                  <dd><time dateTime={s.createdAt}>{format.dateTime(s.createdAt)}</time></dd>
                </dl>
                {s.current ? (
                  <Button variant="secondary" size="sm" onClick={() => void signOut()}>{t('settings.sessions.signOut')}</Button>
                ) : (
                  <Button variant="danger" size="sm" onClick={() => void revoke(s.id)} busy={revoking === s.id} disabled={revoking !== null}
                    aria-label={t('settings.sessions.revokeNamed', { device: device(s) })}>
                    {t('settings.sessions.revoke')}
                  </Button>
                )}
              </Stack>
            </Card>
          ))}
        </ul>
      )}
    </Section>
  );
}
